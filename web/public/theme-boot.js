// Applies the stored theme and mode to <html> before the first paint (no flash of the default theme).
// A classic script loaded synchronously from <head>: the page's Content-Security-Policy allows no inline script.
// Contract: reads localStorage["tbg.prefs"] ({"theme", "mode", "lang"}) as src/prefs.ts writes it; sets data-theme,
// data-mode ("light" | "dark"), data-mode-pref and lang. src/prefs.ts validates the values and keeps them current.
(function () {
    var root = document.documentElement;
    try {
        var prefs = JSON.parse(localStorage.getItem('tbg.prefs') || '{}') || {};
        if (typeof prefs.theme === 'string' && /^[a-z-]{1,32}$/.test(prefs.theme)) {
            root.setAttribute('data-theme', prefs.theme);
        }
        var pref = prefs.mode === 'light' || prefs.mode === 'dark' ? prefs.mode : 'auto';
        var dark = pref === 'dark' || (pref === 'auto' && window.matchMedia('(prefers-color-scheme: dark)').matches);
        root.setAttribute('data-mode', dark ? 'dark' : 'light');
        root.setAttribute('data-mode-pref', pref);
        if (prefs.lang === 'en' || prefs.lang === 'de') root.setAttribute('lang', prefs.lang);
    } catch (e) {
        // no storage (private mode) or a broken entry: the defaults of index.html stay
    }
})();
