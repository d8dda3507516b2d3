import { render } from 'preact';
import { startLive } from './api/live';
import { App } from './app';
import { loadAuth } from './auth';
import { loadLayout } from './layout';
import { initPrefs } from './prefs';
import './styles/base.css';
import './styles/components.css';
import './styles/themes.css';

initPrefs();
void loadAuth();
void loadLayout();
startLive();
render(<App />, document.getElementById('app') as HTMLElement);
