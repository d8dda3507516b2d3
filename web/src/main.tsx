import { render } from 'preact';
import { startLive } from './api/live';
import { App } from './app';
import { auth, loadAuth } from './auth';
import { loadLayout } from './layout';
import { initPrefs } from './prefs';
import { goToLogin } from './router';
import './styles/base.css';
import './styles/components.css';
import './styles/themes.css';

function startData(): void {
    void loadLayout();
    startLive();
}

initPrefs();
render(<App />, document.getElementById('app') as HTMLElement);
// With web.public_read false every read needs a session: no read is sent (each would fail with 401) before the login.
void loadAuth().then((state) => {
    if (!state || state.public_read || state.logged_in) {
        startData();
        return;
    }
    goToLogin('read');
    const stop = auth.subscribe((next) => {
        if (next?.logged_in) {
            stop();
            startData();
        }
    });
});
