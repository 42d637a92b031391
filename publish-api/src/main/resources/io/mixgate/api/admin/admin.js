// The mixgate admin page: plain DOM over the back-office API of the node that serves it.
// Everything shown comes from the API and, through it, from clients and scripts (channel names,
// context values, error messages): it is only ever put in the page as text (textContent), never
// as markup.
'use strict';

const POLL_MS = 2000;
const TOP_CHANNELS = 10;
const previous = new Map(); // node id -> last stats reading, for rates

const $ = id => document.getElementById(id);

/** Calls the API; resolves to {ok, status, body} and never rejects on an HTTP error. */
async function api(method, path, body) {
  const init = { method, headers: {} };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(path, init);
  } catch (e) {
    return { ok: false, status: 0, body: null, error: 'the API did not answer: ' + e.message };
  }
  let parsed = null;
  try {
    parsed = await response.json();
  } catch (e) {
    parsed = null;
  }
  let error = null;
  if (!response.ok) {
    error = parsed && parsed.E ? parsed.E.c + ': ' + parsed.E.m : 'HTTP ' + response.status;
  }
  return { ok: response.ok, status: response.status, body: parsed, error };
}

/** A new element with text content (never markup) and an optional class. */
function el(tag, text, cls) {
  const e = document.createElement(tag);
  if (text !== undefined && text !== null) {
    e.textContent = String(text);
  }
  if (cls) {
    e.className = cls;
  }
  return e;
}

function row(cells) {
  const tr = document.createElement('tr');
  cells.forEach(c => tr.appendChild(c instanceof Node ? c : el('td', c)));
  return tr;
}

function fill(tbody, rows) {
  tbody.replaceChildren(...rows);
}

function say(target, text, isError) {
  target.textContent = text;
  target.className = isError ? 'error' : 'muted';
}

function partialNote(body) {
  return body && body.partial ? 'partial: node(s) ' + body.missing.join(', ') + ' did not answer in time' : '';
}

function rate(now, before, field) {
  if (!before || now.at <= before.at) {
    return '…';
  }
  const perSecond = (now[field] - before[field]) * 1000 / (now.at - before.at);
  return perSecond.toFixed(perSecond < 10 ? 1 : 0);
}

function time(ms) {
  return new Date(ms).toISOString().replace('T', ' ').replace('Z', '');
}

async function refreshNodes() {
  const r = await api('GET', '/v1/stats');
  if (!r.ok) {
    say($('nodes-note'), 'stats: ' + r.error, true);
    return false;
  }
  const rows = r.body.nodes.map(n => {
    const before = previous.get(n.node);
    previous.set(n.node, n);
    const health = el('td', n.healthy ? 'ok' : n.detail, n.healthy ? 'ok' : 'bad');
    const mesh = el('td', n.mesh_healthy ? 'ok' : n.mesh, n.mesh_healthy ? 'ok' : 'bad');
    const scripts = n.scripts.map(s => s.script + ' v' + s.version).join(', ');
    return row([el('td', n.node), health, mesh, el('td', n.connections, 'num'),
      el('td', rate(n, before, 'messages_in'), 'num'), el('td', rate(n, before, 'deliveries'), 'num'),
      el('td', rate(n, before, 'published'), 'num'), el('td', n.script_errors, 'num'), el('td', scripts)]);
  });
  fill($('nodes').tBodies[0], rows);
  say($('nodes-note'), partialNote(r.body), r.body.partial);
  $('script-versions').textContent = r.body.nodes
    .map(n => 'node ' + n.node + ': ' + n.scripts.map(s => s.script + ' v' + s.version).join(', ')).join('; ');
  return true;
}

async function refreshChannels() {
  const r = await api('GET', '/v1/channels?limit=1000');
  if (!r.ok) {
    say($('channels-note'), 'channels: ' + r.error, true);
    return false;
  }
  const top = r.body.channels.slice().sort((a, b) => b.subscribers - a.subscribers || (a.name < b.name ? -1 : 1))
    .slice(0, TOP_CHANNELS);
  fill($('channels').tBodies[0], top.map(c => row([el('td', c.name), el('td', c.subscribers, 'num')])));
  let note = top.length === 0 ? 'no channel has a subscriber' : '';
  if (r.body.next_cursor !== null) {
    note = 'more than 1000 channels: the top of the first 1000 by name';
  }
  const partial = partialNote(r.body);
  say($('channels-note'), [note, partial].filter(Boolean).join('; '), r.body.partial);
  return true;
}

async function refreshErrors() {
  const r = await api('GET', '/v1/scripts/errors');
  if (!r.ok) {
    say($('errors-note'), 'script errors: ' + r.error, true);
    return false;
  }
  fill($('errors').tBodies[0], r.body.errors.map(e => row([el('td', time(e.at)), el('td', e.node),
    el('td', e.server, 'num'), el('td', e.script + ':' + (e.line > 0 ? e.line : '?')), el('td', e.callback),
    el('td', e.client), el('td', e.message, 'msg')])));
  const note = r.body.errors.length === 0 ? 'none kept' : '';
  say($('errors-note'), [note, partialNote(r.body)].filter(Boolean).join('; '), r.body.partial);
  return true;
}

async function refresh() {
  try {
    const results = await Promise.all([refreshNodes(), refreshChannels(), refreshErrors()]);
    say($('status'), (results.every(Boolean) ? 'updated ' : 'partly updated ') + new Date().toLocaleTimeString(), false);
  } finally {
    setTimeout(refresh, POLL_MS);
  }
}

async function search(event) {
  event.preventDefault();
  const value = $('search-value').value.trim();
  const tbody = $('conns').tBodies[0];
  if (value === '') {
    say($('search-result'), 'enter a value', true);
    return;
  }
  let list;
  if ($('search-by').value === 'id') {
    if (!/^[0-9]+$/.test(value)) {
      say($('search-result'), 'a client id is a decimal number', true);
      return;
    }
    const r = await api('GET', '/v1/connections/' + value);
    if (r.status === 404) {
      fill(tbody, []);
      say($('search-result'), 'client ' + value + ' is not connected', false);
      return;
    }
    if (!r.ok) {
      say($('search-result'), r.error, true);
      return;
    }
    list = { connections: [r.body], partial: false, missing: [], next_cursor: null };
  } else {
    const key = $('search-key').value.trim();
    if (key === '') {
      say($('search-result'), 'enter a context key, e.g. uid', true);
      return;
    }
    const r = await api('GET', '/v1/connections?limit=100&key=' + encodeURIComponent(key) + '&value=' + encodeURIComponent(value));
    if (!r.ok) {
      say($('search-result'), r.error, true);
      return;
    }
    list = r.body;
  }
  fill(tbody, list.connections.map(c => {
    const close = el('button', 'close', 'close');
    close.type = 'button';
    close.dataset.id = c.id;
    close.addEventListener('click', () => closeConnection(c.id, close));
    const channels = Array.isArray(c.channels) ? c.channels.length : c.channels;
    const cell = document.createElement('td');
    cell.appendChild(close);
    return row([el('td', c.id), el('td', c.node), el('td', c.server, 'num'), el('td', c.remote),
      el('td', time(c.connected_at)), el('td', JSON.stringify(c.context), 'msg'), el('td', channels, 'num'), cell]);
  }));
  const more = list.next_cursor ? '; more than 100 match, showing the first 100' : '';
  say($('search-result'), list.connections.length + ' connection(s)' + more + (list.partial ? '; ' + partialNote(list) : ''),
    list.partial);
}

async function closeConnection(id, button) {
  button.disabled = true;
  const r = await api('POST', '/v1/connections/' + id + '/close', { code: 1000, reason: 'closed by an operator' });
  if (r.ok) {
    say($('search-result'), 'client ' + id + ' closed', false);
    button.closest('tr').remove();
  } else if (r.status === 404) {
    say($('search-result'), 'client ' + id + ' was no longer connected', false);
    button.closest('tr').remove();
  } else {
    // 504: its node did not answer; it may or may not be closing
    say($('search-result'), 'close of client ' + id + ': ' + r.error, true);
    button.disabled = false;
  }
}

function base64(text) {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  bytes.forEach(b => { binary += String.fromCharCode(b); });
  return btoa(binary);
}

async function publish(event) {
  event.preventDefault();
  const channel = $('pub-channel').value;
  const text = $('pub-data').value;
  const type = $('pub-type').value;
  if (channel === '') {
    say($('pub-result'), 'enter a channel', true);
    return;
  }
  const r = await api('POST', '/v1/mesh/publish', { c: channel, d: type === 'binary' ? base64(text) : text, t: type });
  if (!r.ok) {
    const what = r.status === 504 ? 'outcome unknown (it may still be delivered): '
      : r.status === 503 ? 'not published: ' : 'refused: ';
    say($('pub-result'), what + r.error, true);
    return;
  }
  const counts = r.body.r;
  let text2 = 'delivered to ' + counts.s + ', failed ' + counts.f;
  if (counts.u) {
    text2 += ', unconfirmed nodes ' + counts.u;
  }
  say($('pub-result'), text2, false);
}

async function reload() {
  $('reload-go').disabled = true;
  say($('reload-result'), 'reloading…', false);
  const r = await api('POST', '/v1/scripts/reload');
  $('reload-go').disabled = false;
  if (!r.ok) {
    say($('reload-result'), 'reload failed, the old version keeps running: ' + r.error, true);
    return;
  }
  say($('reload-result'), 'now running ' + r.body.r.servers.map(s => s.script + ' v' + s.version).join(', '), false);
}

$('search').addEventListener('submit', search);
$('publish').addEventListener('submit', publish);
$('reload-go').addEventListener('click', reload);
refresh();
