(function () {
  var draw = __DRAW__;
  var state = window.gatelabPlotly = window.gatelabPlotly || { queue: [], loading: false };
  if (window.Plotly) { draw(); return; }
  state.queue.push(draw);
  if (state.loading) return;
  state.loading = true;

  // Where plotly.js may be: beside the notebook (its folder read from the page URL), at the server root's
  // notebooks/assets (Binder and the README's start command), or beside an exported HTML page.
  function serverBase() {
    try {
      var c = document.getElementById('jupyter-config-data');
      if (c) return JSON.parse(c.textContent).baseUrl || '/';
    } catch (e) {}
    var b = document.body && document.body.getAttribute('data-base-url');
    return b || null;
  }
  var base = serverBase(), urls = [];
  if (base !== null) {
    var m = decodeURIComponent(window.location.pathname).match(/\/(?:notebooks|lab\/tree|doc\/tree|tree)\/(.*\/)?[^\/]*\.ipynb/);
    if (m) urls.push(base + 'files/' + (m[1] || '') + 'assets/__FILE__');
    urls.push(base + 'files/notebooks/assets/__FILE__');
    urls.push(base + 'files/assets/__FILE__');
  }
  urls.push('assets/__FILE__');
  urls.push('notebooks/assets/__FILE__');

  function flush() {
    state.loading = false;
    var q = state.queue; state.queue = [];
    q.forEach(function (f) { try { f(); } catch (e) { console.error(e); } });
  }
  function fail() {
    state.loading = false;
    var d = document.getElementById('__DIV__');
    if (d) d.textContent = 'Gatelab: plotly.js was not found (tried ' + urls.join(', ') +
        '). Run binder/install-kernel.sh, which puts it in notebooks/assets/.';
  }
  function tryNext(i) {
    if (i >= urls.length) { fail(); return; }
    var url = urls[i];
    if (typeof window.require === 'function' && typeof window.define === 'function' && window.define.amd) {
      // The classic Notebook has require.js, and plotly's bundle registers itself with it instead of window.
      var name = 'gatelab-plotly-' + i, paths = {};
      paths[name] = url.replace(/\.js$/, '');
      window.require.config({ paths: paths });
      window.require([name], function (P) { window.Plotly = P; flush(); },
          function () { if (window.requirejs && window.requirejs.undef) window.requirejs.undef(name); tryNext(i + 1); });
    } else {
      var s = document.createElement('script');
      s.src = url;
      s.onload = function () { if (window.Plotly) flush(); else tryNext(i + 1); };
      s.onerror = function () { s.remove(); tryNext(i + 1); };
      document.head.appendChild(s);
    }
  }
  tryNext(0);
})();
