-- The convert widget page, served by prices.lua's route. Plain HTML and JavaScript, no build step
-- and nothing fetched from elsewhere. The WebSocket URL: the page's ?ws= parameter, else
-- ws(s)://<this host>:__WS_PORT____WS_PATH__ (the service options ws_port and ws_path).
return [==[<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>mixgate quotes: convert</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
  body { font-family: system-ui, sans-serif; background: #f3f5f9; color: #1d2733; margin: 0; }
  main { max-width: 26rem; margin: 3rem auto; background: #fff; border-radius: 12px; padding: 1.5rem 2rem;
         box-shadow: 0 4px 18px rgba(20, 40, 80, .12); }
  h1 { font-size: 1.3rem; margin: 0 0 1rem; color: #2b4c7e; }
  label { display: block; font-size: .85rem; color: #5a6877; margin-top: .9rem; }
  select, input { width: 100%; box-sizing: border-box; font-size: 1.1rem; padding: .45rem; margin-top: .25rem;
                  border: 1px solid #c7d0db; border-radius: 6px; }
  .price { font-size: 1.6rem; font-weight: 600; color: #1f7a4d; margin-top: .3rem; }
  .muted { color: #7b8794; font-size: .85rem; }
  .offer { margin-top: 1rem; padding: .8rem; border-radius: 8px; background: #eef4ff; min-height: 3.2rem; }
  button { margin-top: 1rem; width: 100%; font-size: 1.1rem; padding: .6rem; border: 0; border-radius: 6px;
           background: #2b6fd6; color: #fff; cursor: pointer; }
  button:disabled { background: #9fb3d1; cursor: default; }
  .result { margin-top: 1rem; font-weight: 600; }
  .error { color: #b3261e; }
</style>
</head>
<body>
<main>
  <h1>Convert</h1>
  <div id="conn" class="muted">connecting...</div>
  <label for="pair">Pair</label>
  <select id="pair">
    <option value="BTC-ETH">BTC → ETH</option>
    <option value="ETH-BTC">ETH → BTC</option>
    <option value="BTC-USD">BTC → USD</option>
    <option value="ETH-USD">ETH → USD</option>
  </select>
  <div class="muted">Live price</div>
  <div id="price" class="price">–</div>
  <div id="status" class="muted"></div>
  <label for="amount">Amount to convert (<span id="from-sym">BTC</span>)</label>
  <input id="amount" inputmode="decimal" autocomplete="off" placeholder="e.g. 1.5">
  <div class="offer">
    <div id="offer">Type an amount to get an offer.</div>
    <div id="countdown" class="muted"></div>
  </div>
  <button id="accept" disabled>Accept offer</button>
  <div id="result" class="result"></div>
</main>
<script>
(() => {
  'use strict';
  const $ = id => document.getElementById(id);
  const wsParam = new URLSearchParams(location.search).get('ws');
  const wsUrl = wsParam || (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.hostname
      + ':__WS_PORT____WS_PATH__';
  let ws, pair = $('pair').value, session = null, offer = null, offerUntil = 0, sessionPair = null;

  const send = obj => { if (ws && ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(obj)); };

  function showOffer() {
    if (!offer) { $('countdown').textContent = ''; $('accept').disabled = true; return; }
    const left = offerUntil - Date.now();
    if (left <= 0) {
      $('countdown').textContent = 'offer expired, a new one is on its way';
      $('accept').disabled = true;
    } else {
      $('countdown').textContent = 'valid for ' + (left / 1000).toFixed(1) + ' s';
      $('accept').disabled = false;
    }
  }
  setInterval(showOffer, 100);

  function requestQuotes() {
    const amount = $('amount').value.trim();
    offer = null; showOffer();
    if (amount === '') {
      if (session) send({rfq: {action: 'stopSession'}});
      $('offer').textContent = 'Type an amount to get an offer.';
      return;
    }
    $('offer').textContent = 'asking for an offer...';
    const [f, t] = pair.split('-');
    if (session && sessionPair === pair) {
      send({rfq: {action: 'updateSession', amountFrom: amount}});
    } else {
      sessionPair = pair;
      send({rfq: {action: 'startSession', currFrom: f, currTo: t, amountFrom: amount}});
    }
  }

  function onMessage(m) {
    if (m.error) {
      $('result').textContent = 'error ' + m.error.code + ': ' + m.error.message;
      $('result').className = 'result error';
      if (m.error.code >= 10) { session = null; }
      return;
    }
    if (m.channel === pair && 'price' in m) {
      $('price').textContent = m.price === null ? '–' : m.price + ' ' + pair.split('-')[1];
      return;
    }
    if (m.channel === pair && m.status) {
      $('status').textContent = m.status === 'ok' ? '' : m.status === 'error'
          ? 'price source unavailable: ' + m.error + ' (retrying)' : m.status;
      return;
    }
    if (!m.rfq) return;
    const r = m.rfq;
    switch (r.event) {
      case 'sessionStarted': session = r.session; break;
      case 'sessionStopped': if (session === r.session) session = null; break;
      case 'offer':
        if (r.session !== session) break;
        offer = r; offerUntil = Date.now() + r.validForMs;
        $('offer').textContent = r.amountFrom + ' ' + r.currFrom + ' → ' + r.amountTo + ' ' + r.currTo
            + ' (price ' + r.price + ', fee ' + r.fee + ' ' + r.currTo + ')';
        showOffer();
        break;
      case 'noOffer': $('offer').textContent = 'no offer: ' + r.reason; offer = null; showOffer(); break;
      case 'orderSuccess':
        session = null; offer = null; showOffer();
        $('result').className = 'result';
        $('result').textContent = 'Converted ' + r.amountFrom + ' ' + r.currFrom + ' to ' + r.amountTo + ' ' + r.currTo;
        $('offer').textContent = 'Done. Type an amount for a new offer.';
        break;
      case 'orderFailed': case 'orderUnknown':
        $('result').className = 'result error';
        $('result').textContent = (r.event === 'orderFailed' ? 'Not converted: ' : 'Outcome unknown: ') + r.reason;
        break;
    }
  }

  function connect() {
    ws = new WebSocket(wsUrl);
    ws.onopen = () => { $('conn').textContent = 'connected'; send({subscribe: pair}); requestQuotes(); };
    ws.onmessage = e => { try { onMessage(JSON.parse(e.data)); } catch (err) { console.error(err); } };
    ws.onclose = () => {
      $('conn').textContent = 'disconnected, reconnecting...';
      session = null; offer = null; showOffer();
      setTimeout(connect, 2000);
    };
  }

  $('pair').addEventListener('change', () => {
    send({unsubscribe: pair});
    pair = $('pair').value;
    $('from-sym').textContent = pair.split('-')[0];
    $('price').textContent = '–'; $('status').textContent = '';
    send({subscribe: pair});
    requestQuotes();
  });
  let typing;
  $('amount').addEventListener('input', () => { clearTimeout(typing); typing = setTimeout(requestQuotes, 250); });
  $('accept').addEventListener('click', () => {
    if (offer && Date.now() < offerUntil) send({rfq: {action: 'acceptOffer', offerId: offer.offerId}});
  });
  connect();
})();
</script>
</body>
</html>
]==]
