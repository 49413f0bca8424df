// Day popovers for the 90-day uptime bars (src/components/UptimeBars.astro). Progressive
// enhancement: without this script every day worth explaining has its own <title>, quiet days one
// per run, and the component page lists the incidents. With it, each chart becomes one keyboard
// stop (a slider over the days: arrows, Home/End move, Escape closes) whose value is the day in
// words, and hovering, tapping or moving to a day opens a popover with its date, uptime, time per
// kind of trouble and links to its events. The page carries no per-day markup for quiet days: they
// are read back from the run paths here, and only the charts someone touches are decoded.
(() => {
  'use strict';
  const PITCH = 6; // SVG units per day (src/server/views/uptime-bars.ts BAR_PITCH)
  const GAP = 2; // PITCH − BAR_WIDTH
  const DAY_MS = 86_400_000;
  /** Event id → its title, once fetched: the page carries only ids (titles for every day would weigh more than the bars). */
  const titles = new Map();
  const dateFormat = new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', year: 'numeric', timeZone: 'UTC' });
  const SVG = 'http://www.w3.org/2000/svg';

  /** @typedef {{ date: string, level: string, uptime: string, detail: string[], events: string[] }} Day */

  /** @param {HTMLElement} bars @returns {Day[]} */
  function decode(bars) {
    const svg = /** @type {SVGSVGElement} */ (bars.querySelector('svg'));
    const n = Math.round((svg.viewBox.baseVal.width + GAP) / PITCH);
    const start = Date.parse(`${bars.dataset.from}T00:00:00Z`);
    /** @type {Day[]} */
    const days = [];
    for (let k = 0; k < n; k++) days.push({ date: dateFormat.format(start + k * DAY_MS), level: 'none', uptime: 'No data', detail: ['No data'], events: [] });
    for (const path of svg.querySelectorAll('path[data-level]')) {
      const quiet = path.getAttribute('data-level') === 'operational';
      for (const m of (path.getAttribute('d') || '').matchAll(/M(\d+) \d+h(\d+)/g)) {
        const first = Number(m[1]) / PITCH;
        const count = (Number(m[2]) + GAP) / PITCH;
        for (let k = first; k < first + count && k < n; k++) {
          if (quiet) Object.assign(days[k], { level: 'operational', uptime: '100%', detail: ['No downtime recorded'] });
        }
      }
      path.querySelector('title')?.remove();
    }
    for (const rect of svg.querySelectorAll('rect[data-day]')) {
      const k = Math.round(Number(rect.getAttribute('x')) / PITCH);
      const title = rect.querySelector('title');
      const summary = title?.textContent || '';
      const detail = summary.slice(summary.indexOf(': ') + 2).split(', ').map((s) => s.charAt(0).toUpperCase() + s.slice(1));
      const ids = (rect.getAttribute('data-ev') || '').split(' ').filter((id) => /^[0-9a-z]{12}$/.test(id));
      if (days[k]) Object.assign(days[k], { level: rect.getAttribute('data-level'), uptime: rect.getAttribute('data-u') || '', detail, events: ids });
      title?.remove(); // the popover replaces the native tooltip
    }
    return days;
  }

  /** The title of an incident page (its <h1>), or '' when it cannot be had. @param {string} href */
  async function titleOf(href) {
    try {
      const res = await fetch(href, { headers: { accept: 'text/html' } });
      if (!res.ok) return '';
      const doc = new DOMParser().parseFromString(await res.text(), 'text/html');
      return doc.querySelector('main h1')?.textContent?.trim() || '';
    } catch {
      return '';
    }
  }

  /** @param {Day} d */
  function words(d) {
    return `${d.date}: ${d.uptime === 'No data' ? 'no data' : `${d.uptime} uptime`}. ${d.detail.join(', ')}.${d.events.length ? ` ${d.events.length} ${d.events.length === 1 ? 'event' : 'events'}.` : ''}`;
  }

  const popover = document.createElement('div');
  popover.className = 'day-popover';
  popover.id = 'day-popover';
  popover.hidden = true;
  // In the document from the start: every chart's aria-controls names it.
  document.body.append(popover);

  /** @type {{ bars: HTMLElement, svg: SVGSVGElement, days: Day[], cursor: SVGRectElement } | null} */
  let active = null;
  let index = -1;
  let closeTimer = 0;

  /** @param {HTMLElement} bars */
  function chartOf(bars) {
    const svg = /** @type {SVGSVGElement} */ (bars.querySelector('svg'));
    if (!bars.dataset.ready) prepare(bars, svg);
    return { bars, svg, days: /** @type {any} */ (bars).days, cursor: /** @type {any} */ (bars).cursor };
  }

  /** @param {HTMLElement} bars @param {SVGSVGElement} svg */
  function prepare(bars, svg) {
    const days = decode(bars);
    const cursor = document.createElementNS(SVG, 'rect');
    cursor.setAttribute('class', 'cursor');
    cursor.setAttribute('height', String(svg.viewBox.baseVal.height));
    cursor.setAttribute('width', String(PITCH));
    cursor.style.display = 'none';
    svg.append(cursor);
    Object.assign(bars, { days, cursor });
    bars.dataset.ready = '1';
  }

  /** The first day drawn on screen: phones show only the last 30 of the chart. */
  function firstVisible(chart) {
    const clip = chart.svg.parentElement.getBoundingClientRect();
    const box = chart.svg.getBoundingClientRect();
    if (box.width <= 0) return 0;
    return Math.max(0, Math.ceil(((clip.left - box.left) / box.width) * chart.days.length - 0.01));
  }

  /** @param {HTMLElement} bars @param {number} k */
  function open(bars, k) {
    const chart = chartOf(bars);
    const n = chart.days.length;
    k = Math.min(n - 1, Math.max(firstVisible(chart), k));
    if (active && active.bars !== bars) hideCursor();
    active = chart;
    index = k;
    const d = chart.days[k];
    popover.replaceChildren();
    const head = document.createElement('p');
    head.className = 'day-date';
    head.textContent = d.date;
    const uptime = document.createElement('p');
    uptime.textContent = d.uptime === 'No data' ? 'No data for this day' : `Uptime ${d.uptime}`;
    const detail = document.createElement('ul');
    for (const line of d.detail) detail.append(Object.assign(document.createElement('li'), { textContent: line }));
    popover.append(head, uptime, detail);
    if (d.events.length) {
      const list = document.createElement('ul');
      list.className = 'day-events';
      d.events.forEach((id, i) => {
        const href = `/incidents/${id}`;
        const link = Object.assign(document.createElement('a'), { href, textContent: titles.get(id) || (d.events.length > 1 ? `Incident ${i + 1} of ${d.events.length}` : 'The incident that day') });
        const li = document.createElement('li');
        li.append(link);
        list.append(li);
        if (!titles.has(id)) titleOf(href).then((title) => {
          if (!title) return;
          titles.set(id, title);
          link.textContent = title;
          // A longer title widens the popover: place it again so it stays on the screen.
          if (!popover.hidden && link.isConnected) place(chart, k);
        });
      });
      popover.append(list);
    }
    if (popover.parentElement !== bars) bars.append(popover);
    popover.hidden = false;
    chart.cursor.setAttribute('x', String(k * PITCH - GAP / 2));
    chart.cursor.style.display = '';
    chart.svg.setAttribute('aria-valuenow', String(k + 1));
    chart.svg.setAttribute('aria-valuetext', words(d));
    place(chart, k);
  }

  function place(chart, k) {
    const outer = chart.bars.getBoundingClientRect();
    const box = chart.svg.getBoundingClientRect();
    const centre = box.left + ((k + 0.5) / chart.days.length) * box.width - outer.left;
    const width = popover.offsetWidth;
    const room = document.documentElement.clientWidth - outer.left - 8;
    const left = Math.max(-outer.left + 8, Math.min(centre - width / 2, room - width));
    popover.style.left = `${left}px`;
    popover.style.top = `${chart.svg.getBoundingClientRect().bottom - outer.top + 6}px`;
  }

  function hideCursor() {
    if (active) active.cursor.style.display = 'none';
  }

  function close() {
    clearTimeout(closeTimer);
    popover.hidden = true;
    hideCursor();
  }

  /** @param {PointerEvent | MouseEvent} e @param {HTMLElement} bars */
  function dayAt(e, bars) {
    const chart = chartOf(bars);
    const box = chart.svg.getBoundingClientRect();
    return Math.floor(((e.clientX - box.left) / box.width) * chart.days.length);
  }

  for (const bars of document.querySelectorAll('.bars[data-from]')) {
    const svg = bars.querySelector('svg');
    if (!svg || !(bars instanceof HTMLElement)) continue;
    const n = Math.round((svg.viewBox.baseVal.width + GAP) / PITCH);
    if (n === 0) continue;
    // A slider over the days: one tab stop per chart, its value the day in words.
    svg.setAttribute('role', 'slider');
    svg.setAttribute('tabindex', '0');
    svg.setAttribute('aria-valuemin', '1');
    svg.setAttribute('aria-valuemax', String(n));
    svg.setAttribute('aria-valuenow', String(n));
    svg.setAttribute('aria-controls', 'day-popover');
    svg.setAttribute('aria-label', `${svg.getAttribute('aria-label')}. Arrow keys move through the days.`);
    svg.addEventListener('focus', () => open(bars, active && active.bars === bars && index >= 0 ? index : n - 1));
    svg.addEventListener('keydown', (e) => {
      const moves = { ArrowLeft: -1, ArrowRight: 1, ArrowDown: -1, ArrowUp: 1, PageDown: -7, PageUp: 7 };
      if (e.key in moves) open(bars, (active?.bars === bars ? index : n - 1) + moves[e.key]);
      else if (e.key === 'Home') open(bars, 0);
      else if (e.key === 'End') open(bars, n - 1);
      else if (e.key === 'Escape') close();
      else return;
      e.preventDefault();
    });
    bars.addEventListener('pointermove', (e) => {
      if (e.pointerType !== 'mouse' || !e.target || !svg.contains(/** @type {Node} */ (e.target))) return;
      clearTimeout(closeTimer);
      open(bars, dayAt(e, bars));
    });
    bars.addEventListener('focusout', (e) => {
      if (!(e.relatedTarget instanceof Node) || !bars.contains(e.relatedTarget)) close();
    });
    bars.addEventListener('pointerleave', (e) => {
      if (e.pointerType !== 'mouse' || document.activeElement === svg) return;
      closeTimer = window.setTimeout(close, 250);
    });
    // A tap (or click) opens the day under the finger and keeps it open.
    svg.addEventListener('click', (e) => open(bars, dayAt(e, bars)));
  }
  popover.addEventListener('pointerenter', () => clearTimeout(closeTimer));
  document.addEventListener('pointerdown', (e) => {
    if (!popover.hidden && e.target instanceof Node && !popover.contains(e.target) && !active?.svg.contains(e.target)) close();
  });
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && !popover.hidden) close();
  });
  window.addEventListener('resize', close);
})();
