// @ts-check
/**
 * Beacon status notice for other sites:
 *   <script src="https://status.example.com/embed.js" async></script>
 * While an incident is open or maintenance is under way it shows a small dismissible notice in a
 * corner; otherwise nothing. Optional attributes on the script tag: data-position
 * (bottom-right | bottom-left | top-right | top-left), data-background, data-color (CSS colours).
 *
 * It runs on pages we do not own, so: it never throws and never logs, sends no cookies, inserts
 * API text only as text, links only to http(s), and keeps its DOM and CSS in one shadow root.
 */
(function () {
  'use strict';
  const POLL_MS = 60000;
  // An hour of polls, then the notice stays as it is: a forgotten tab must not poll forever.
  const MAX_POLLS = 60;
  const MAX_ITEMS = 3;
  const STORE_KEY = 'beacon-embed-dismissed';
  const TAG = 'beacon-status-notice';
  /** @type {Record<string, string>} */
  const LABELS = {
    investigating: 'Investigating',
    identified: 'Identified',
    monitoring: 'Monitoring',
    in_progress: 'Maintenance in progress',
    verifying: 'Verifying maintenance',
  };
  const CLOSED = ['resolved', 'postmortem', 'completed'];
  const RUNNING_MAINTENANCE = ['in_progress', 'verifying'];
  /** Worst first: the notice's accent follows its worst item. */
  const IMPACTS = ['critical', 'major', 'minor', 'maintenance', 'none'];
  /** @type {Record<string, string>} */
  const ACCENTS = { critical: '#d12f2f', major: '#e06c00', minor: '#b8860b', maintenance: '#2f6fde', none: '#8a93a3' };
  /** @type {Record<string, string[]>} */
  const CORNERS = {
    'bottom-right': ['bottom', 'right'],
    'bottom-left': ['bottom', 'left'],
    'top-right': ['top', 'right'],
    'top-left': ['top', 'left'],
  };
  const CSS =
    ':host{all:initial}' +
    // all:initial again on the box: the host element itself can still inherit from host CSS.
    '.n{all:initial;display:block;position:fixed;z-index:2147483647;box-sizing:border-box;width:max-content;max-width:min(360px,calc(100vw - 32px));' +
    'margin:0;padding:12px 40px 12px 14px;border-radius:8px;border-left:5px solid;background:#1d2330;color:#fff;' +
    'font:14px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;text-align:left;box-shadow:0 4px 18px rgba(0,0,0,.3)}' +
    '.i+.i{margin-top:8px}.t{display:block;font-weight:600;color:inherit;text-decoration:underline}' +
    '.s{display:block;font-size:12px;opacity:.85}' +
    '.x{position:absolute;top:6px;right:6px;width:28px;height:28px;border:0;border-radius:4px;padding:0;' +
    'background:transparent;color:inherit;font:20px/1 sans-serif;cursor:pointer}' +
    '.x:hover,.x:focus-visible{background:rgba(127,127,127,.3)}';

  /**
   * @typedef {{ id: string, name: string, status: string, impact: string, link: string }} Item
   */

  try {
    const script = document.currentScript;
    if (script instanceof HTMLScriptElement && script.src && typeof fetch === 'function') start(script);
  } catch (e) {
    // Never break the host page.
  }

  /** @param {HTMLScriptElement} script */
  function start(script) {
    // Relative to the script, so a Beacon served under a path prefix works too.
    const summaryUrl = new URL('api/v2/summary.json', script.src).href;
    const position = script.getAttribute('data-position') || '';
    const options = {
      corner: (own(CORNERS, position) && CORNERS[position]) || ['bottom', 'right'],
      background: script.getAttribute('data-background') || '',
      color: script.getAttribute('data-color') || '',
    };
    /** @type {HTMLElement | null} */
    let host = null;
    let shown = '';
    let polls = 0;
    let stopped = false;

    poll();

    function poll() {
      polls += 1;
      if (document.hidden) return schedule();
      fetch(summaryUrl, { credentials: 'omit', cache: 'no-cache' })
        .then((response) => (response.ok ? response.json() : null))
        // Only a good answer changes what is shown; a failed poll leaves the notice as it was.
        .then((data) => data !== null && render(activeItems(data)))
        .catch(() => {})
        .then(schedule);
    }

    function schedule() {
      if (!stopped && polls < MAX_POLLS) setTimeout(poll, POLL_MS);
    }

    /** @param {Item[]} items */
    function render(items) {
      const dismissed = readDismissed();
      const visible = items.filter((item) => dismissed.indexOf(item.id) < 0).slice(0, MAX_ITEMS);
      const key = JSON.stringify(visible);
      if (key === shown) return;
      shown = key;
      if (host) host.remove();
      host = null;
      if (visible.length === 0 || stopped) return;
      host = build(visible);
      (document.body || document.documentElement).appendChild(host);
    }

    /** @param {Item[]} items */
    function build(items) {
      const el = document.createElement(TAG);
      const root = el.attachShadow({ mode: 'open' });
      const style = document.createElement('style');
      style.textContent = CSS;
      const box = document.createElement('div');
      box.className = 'n';
      box.setAttribute('role', 'status');
      box.style.borderLeftColor = ACCENTS[worstImpact(items)] || '#8a93a3';
      // Assigning through the style object drops anything that is not a valid colour.
      if (options.background) box.style.backgroundColor = options.background;
      if (options.color) box.style.color = options.color;
      for (const side of options.corner) box.style.setProperty(side, '16px');
      for (const item of items) {
        const row = document.createElement('div');
        row.className = 'i';
        const title = document.createElement(item.link ? 'a' : 'span');
        title.className = 't';
        title.textContent = item.name;
        if (title instanceof HTMLAnchorElement) {
          title.href = item.link;
          title.target = '_blank';
          title.rel = 'noopener noreferrer';
        }
        const status = document.createElement('span');
        status.className = 's';
        status.textContent = (own(LABELS, item.status) && LABELS[item.status]) || item.status.replace(/_/g, ' ');
        row.append(title, status);
        box.append(row);
      }
      const close = document.createElement('button');
      close.type = 'button';
      close.className = 'x';
      close.setAttribute('aria-label', 'Dismiss');
      close.textContent = '\u00d7';
      close.addEventListener('click', () => {
        try {
          writeDismissed(readDismissed().concat(items.map((item) => item.id)));
        } catch (e) {
          // Storage may be unavailable; dismissing still works for this page view.
        }
        stopped = true;
        if (host) host.remove();
        host = null;
      });
      box.append(close);
      root.append(style, box);
      return el;
    }
  }

  /**
   * Unresolved incidents and running maintenance from a Statuspage v2 summary. Anything not shaped
   * as expected is skipped, item by item.
   * @param {unknown} data
   * @returns {Item[]}
   */
  function activeItems(data) {
    /** @type {Item[]} */
    const items = [];
    if (!data || typeof data !== 'object') return items;
    const summary = /** @type {Record<string, unknown>} */ (data);
    collect(summary.incidents, (status) => CLOSED.indexOf(status) < 0);
    collect(summary.scheduled_maintenances, (status) => RUNNING_MAINTENANCE.indexOf(status) >= 0);
    return items;

    /**
     * @param {unknown} list
     * @param {(status: string) => boolean} wanted
     */
    function collect(list, wanted) {
      if (!Array.isArray(list)) return;
      for (const raw of list) {
        if (!raw || typeof raw !== 'object') continue;
        const { id, name, status, impact, shortlink } = /** @type {Record<string, unknown>} */ (raw);
        if (typeof id !== 'string' || typeof name !== 'string' || typeof status !== 'string' || !wanted(status)) continue;
        items.push({ id, name, status, impact: typeof impact === 'string' ? impact : 'none', link: safeLink(shortlink) });
      }
    }
  }

  /** @param {Item[]} items */
  function worstImpact(items) {
    for (const impact of IMPACTS) if (items.some((item) => item.impact === impact)) return impact;
    return 'none';
  }

  /**
   * Only http(s) links: a javascript: URL from a compromised API must not become clickable.
   * @param {unknown} value
   */
  function safeLink(value) {
    if (typeof value !== 'string') return '';
    try {
      const url = new URL(value);
      return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : '';
    } catch (e) {
      return '';
    }
  }

  /** @returns {string[]} */
  function readDismissed() {
    try {
      const parsed = JSON.parse(sessionStorage.getItem(STORE_KEY) || '[]');
      return Array.isArray(parsed) ? parsed.filter((id) => typeof id === 'string') : [];
    } catch (e) {
      return [];
    }
  }

  /** @param {string[]} ids */
  function writeDismissed(ids) {
    // Bounded, so a long session with many incidents cannot grow the entry without limit.
    sessionStorage.setItem(STORE_KEY, JSON.stringify(ids.slice(-50)));
  }

  /**
   * @param {object} map
   * @param {string} key
   */
  function own(map, key) {
    return Object.prototype.hasOwnProperty.call(map, key);
  }
})();
