// Policy Mesh web UI: plain DOM over the public HTTP API. Every value from the server or the user
// is inserted as text (textContent), never as HTML.
'use strict';

// Wording from docs/REASON_CODES.md.
const REASONS = {
  key_local_only:
    'The calling API key is local-only: nothing it sends may reach the cloud. Never falls back to the cloud.',
  key_budget_exceeded:
    "The calling API key's cloud spend today plus this request's estimate would exceed its daily budget.",
  sensitive_keyword_match:
    'A configured keyword occurs in the text of some message. Local-only: never falls back to the cloud.',
  pii_detected:
    'A PII or credential detector fired (email, card, IBAN, SSN, phone, keys, JWTs). Local-only: never falls back to the cloud.',
  image_present:
    'The request carries an image, which the policy cannot scan, and the policy keeps images local. Local-only: never falls back to the cloud.',
  cloud_budget_exceeded: "Today's cloud spend plus this request's estimate would exceed the daily budget.",
  cost_prefer_local: 'The prompt is cheap enough to keep local (length or USD threshold).',
  default: "No rule matched; the policy's default provider applies.",
  fallback_local_unavailable: 'The local provider failed and the policy allows falling back to the cloud.',
  fallback_cloud_unavailable: 'The cloud provider failed and the policy falls back to local.',
};

const $ = (id) => document.getElementById(id);

function el(tag, props = {}, children = []) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (key === 'text') node.textContent = value;
    else if (key === 'className') node.className = value;
    else node.setAttribute(key, value);
  }
  for (const child of children) if (child) node.append(child);
  return node;
}

// `npm run demo` answers from fake upstreams whose model names start with `demo-`.
const isDemoModel = (model) => typeof model === 'string' && model.startsWith('demo-');
const demoTag = () =>
  el('span', {
    className: 'demo-tag',
    text: 'demo',
    title: 'A canned answer from a demo upstream: no model ran',
  });
// Streamed chunks carry the requested model name, so demo mode is also known from /v1/models.
let demoMode = false;
function showDemoBanner() {
  demoMode = true;
  $('demo-banner').hidden = false;
}

const badge = (provider) => el('span', { className: `badge ${provider}`, text: provider });
const chips = (codes) =>
  (codes || []).map((code) =>
    el('span', { className: 'chip', text: code, title: REASONS[code] || code, tabindex: '0' }),
  );

// ---- sign-in ----------------------------------------------------------------------------------
// With AUTH_MODE=keys every API call carries the key as a bearer header. The key lives in this
// tab's sessionStorage only: never in a URL, a cookie or localStorage, gone when the tab closes.
const KEY_STORE = 'policy-mesh.api-key';
let authMode = 'none';
let signedInKey = null;

function storedKey() {
  try {
    return sessionStorage.getItem(KEY_STORE);
  } catch {
    return null;
  }
}

function authHeaders(key = storedKey()) {
  return key ? { authorization: `Bearer ${key}` } : {};
}

function authMessage(text) {
  const message = $('auth-message');
  message.textContent = text || '';
  message.hidden = !text;
}

/** What a refusal means to a person, by its code. */
function refusalText(status, code, what) {
  if (status === 401 && String(code).toUpperCase() === 'AUTH_REVOKED')
    return 'Your API key was revoked or has expired: sign in with another one.';
  if (status === 401) return `Sign in with an API key to ${what}.`;
  if (status === 403) return `Your API key cannot ${what}: that needs a key with the admin scope.`;
  if (status === 429) return 'Your API key is over its rate limit: wait a moment and try again.';
  return null;
}

function showSignedIn() {
  $('auth').hidden = authMode !== 'keys';
  $('sign-in').hidden = signedInKey !== null;
  $('signed-in').hidden = signedInKey === null;
  if (signedInKey)
    $('signed-in-as').textContent = `Signed in as ${signedInKey.name} (${signedInKey.scopes.join(', ')})`;
}

async function checkAuth(key = storedKey()) {
  const response = await fetch('/v1/auth', { headers: authHeaders(key) });
  const body = await response.json().catch(() => null);
  return { response, body };
}

async function startAuth() {
  const { response, body } = await checkAuth();
  if (response.ok && body) {
    authMode = body.auth_mode;
    signedInKey = body.key;
  } else {
    // A stored key that no longer works (revoked, expired): forget it and ask again.
    sessionStorage.removeItem(KEY_STORE);
    authMode = 'keys';
    signedInKey = null;
    authMessage('Your API key was not accepted (revoked or expired?): sign in again.');
  }
  showSignedIn();
  if (authMode === 'keys' && signedInKey === null && response.ok)
    authMessage(
      'This gateway requires an API key: sign in to chat, explain, and (with an admin key) see the policy and the audit trail.',
    );
}

async function signIn(event) {
  event.preventDefault();
  const input = $('api-key');
  const key = input.value.trim();
  if (key === '') return;
  const { response, body } = await checkAuth(key);
  if (!response.ok || !body || !body.key) {
    authMessage(
      response.status === 401
        ? 'That API key is not valid (or was revoked).'
        : `Could not sign in (HTTP ${response.status}).`,
    );
    return;
  }
  input.value = '';
  sessionStorage.setItem(KEY_STORE, key);
  signedInKey = body.key;
  authMessage('');
  showSignedIn();
  loadPolicy();
}

function signOut() {
  sessionStorage.removeItem(KEY_STORE);
  signedInKey = null;
  showSignedIn();
  authMessage('Signed out.');
  $('policy-version').textContent = '…';
}

async function api(path, options = {}) {
  const response = await fetch(path, {
    ...options,
    headers: { 'content-type': 'application/json', ...authHeaders() },
  });
  const body = await response.json().catch(() => null);
  return { response, body };
}

/** Replaces a panel's content with what a refusal means, when it is one; true when it was. */
function refused(target, response, body, what) {
  const code = body && (body.code || (body.error && body.error.code));
  const text = refusalText(response.status, code, what);
  if (text === null) return false;
  target.replaceChildren(el('p', { className: 'notice', text }));
  return true;
}

// ---- tabs -------------------------------------------------------------------------------------
function showTab(name) {
  for (const tab of document.querySelectorAll('.tab'))
    tab.setAttribute('aria-pressed', String(tab.dataset.tab === name));
  for (const panel of document.querySelectorAll('.panel')) panel.hidden = panel.id !== name;
  if (name === 'policy') loadPolicy();
  if (name === 'audit') refreshAudit(true);
}

// ---- chat -------------------------------------------------------------------------------------
let turns = [];

function auditLink(requestId) {
  const link = el('a', {
    href: `#audit/${requestId}`,
    text: `request ${requestId.slice(0, 13)}…`,
    title: requestId,
  });
  link.addEventListener('click', (event) => {
    event.preventDefault();
    showTab('audit');
    openDetail(requestId);
  });
  return link;
}

function addTurn(role, text) {
  const item = el('li', { className: `turn ${role}` }, [
    el('div', { className: 'meta', text: role === 'user' ? 'you' : '' }),
    el('p', { className: 'text', text }),
  ]);
  $('conversation').append(item);
  item.scrollIntoView({ block: 'end' });
  return item;
}

function showAnswer(item, routing) {
  item.classList.add(routing.served_by || routing.provider);
  const meta = item.querySelector('.meta');
  meta.replaceChildren(badge(routing.served_by || routing.provider), ...chips(routing.reason_codes));
  if (routing.model) meta.append(el('span', { text: routing.model }));
  if (demoMode || isDemoModel(routing.model)) {
    meta.append(demoTag());
    showDemoBanner();
  }
  if (routing.latency_ms !== undefined)
    meta.append(el('span', { text: `${Math.round(routing.latency_ms)} ms` }));
  if (routing.request_id) meta.append(auditLink(routing.request_id));
}

function showError(item, status, message, category, requestId) {
  item.classList.add('error');
  const meta = item.querySelector('.meta');
  meta.replaceChildren(
    el('span', {
      className: 'error-text',
      text: `${status ? `HTTP ${status}` : 'network error'}${category ? ` · ${category}` : ''}`,
    }),
  );
  if (requestId) meta.append(auditLink(requestId));
  item.querySelector('.text').textContent = message;
}

async function sendNative(item, messages, started) {
  const { response, body } = await api('/v1/chat', { method: 'POST', body: JSON.stringify({ messages }) });
  if (!response.ok || !body || body.content === null || body.content === undefined) {
    const message =
      refusalText(response.status, body && body.code, 'chat') ||
      (body && (body.error || body.message)) ||
      response.statusText;
    showError(
      item,
      response.status,
      message,
      body && (body.failure_category || body.code),
      body && body.request_id,
    );
    return null;
  }
  item.querySelector('.text').textContent = body.content;
  showAnswer(item, { ...body, latency_ms: performance.now() - started });
  return body.content;
}

async function sendStreaming(item, messages, started) {
  const response = await fetch('/v1/chat/completions', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...authHeaders() },
    body: JSON.stringify({ model: 'auto', stream: true, messages }),
  });
  const requestId = response.headers.get('x-policy-mesh-request-id');
  const routing = {
    request_id: requestId,
    provider: response.headers.get('x-policy-mesh-provider'),
    served_by: response.headers.get('x-policy-mesh-served-by'),
    reason_codes: (response.headers.get('x-policy-mesh-reason-codes') || '').split(',').filter(Boolean),
  };
  if (!response.ok || !response.body) {
    const body = await response.json().catch(() => null);
    const error = (body && body.error) || {};
    const message = refusalText(response.status, error.code, 'chat') || error.message || response.statusText;
    showError(item, response.status, message, error.code, requestId);
    return null;
  }
  showAnswer(item, routing);
  const text = item.querySelector('.text');
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  let content = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += value;
    const events = buffer.split('\n\n');
    buffer = events.pop();
    for (const event of events) {
      const data = event.replace(/^data: /, '');
      if (data === '[DONE]') {
        showAnswer(item, { ...routing, latency_ms: performance.now() - started });
        return content;
      }
      const chunk = JSON.parse(data);
      if (chunk.error) {
        showError(item, response.status, chunk.error.message, chunk.error.code, requestId);
        return null;
      }
      if (chunk.model) routing.model = chunk.model;
      const delta =
        chunk.choices && chunk.choices[0] && chunk.choices[0].delta && chunk.choices[0].delta.content;
      if (delta) {
        content += delta;
        text.textContent = content;
      }
    }
  }
  showError(
    item,
    response.status,
    'the stream ended before it was complete',
    'stream_interrupted',
    requestId,
  );
  return null;
}

async function send(event) {
  event.preventDefault();
  const input = $('message');
  const text = input.value.trim();
  if (text === '') return;
  input.value = '';
  const system = $('system').value.trim();
  const messages = [
    ...(system ? [{ role: 'system', content: system }] : []),
    ...turns,
    { role: 'user', content: text },
  ];
  addTurn('user', text);
  const item = addTurn('assistant', '…');
  const started = performance.now();
  $('send').disabled = true;
  try {
    const answer = $('stream').checked
      ? await sendStreaming(item, messages, started)
      : await sendNative(item, messages, started);
    if (answer !== null) turns.push({ role: 'user', content: text }, { role: 'assistant', content: answer });
  } catch (error) {
    showError(item, 0, String(error.message || error), null, null);
  } finally {
    $('send').disabled = false;
    input.focus();
  }
}

// ---- explain ----------------------------------------------------------------------------------
let explainTimer;
async function explain() {
  const text = $('explain-text').value;
  const target = $('explain-result');
  if (text.trim() === '') {
    target.replaceChildren();
    return;
  }
  const { response, body } = await api('/v1/route/explain', {
    method: 'POST',
    body: JSON.stringify({ messages: [{ role: 'user', content: text }] }),
  });
  if (refused(target, response, body, 'explain a route')) return;
  if (!response.ok) {
    target.replaceChildren(
      el('p', { className: 'error-text', text: `HTTP ${response.status}: ${(body && body.message) || ''}` }),
    );
    return;
  }
  const input = body.trace.input;
  target.replaceChildren(
    el('p', { className: 'decision' }, [
      el('span', { text: 'Would go to ' }),
      badge(body.provider),
      el('span', { text: ' ' }),
      ...chips(body.reason_codes),
    ]),
    labelledValues(
      [
        ['Characters', input.chars],
        ['Messages', input.messages],
        ['Estimated tokens', formatNumber(input.estimated_tokens)],
        ['Estimated cost', input.estimated_usd === null ? 'no price set' : formatUsd(input.estimated_usd)],
        ['Policy version', body.policy_version.slice(0, 12)],
      ],
      'values input',
    ),
    el('p', {
      className: 'hint',
      text: 'Rules are tried in order; the first that holds decides, and the rules after it do not change the route.',
    }),
    el('ol', { className: 'rules' }, ruleCards(body.trace.rules)),
  );
}

/** The verdict of each rule under first-match-wins: the deciding rule, the ones before, the ones after. */
function ruleCards(rules) {
  const deciding = rules.findIndex((rule) => rule.matched);
  return rules.map((rule, index) => {
    const verdict =
      index < deciding
        ? { text: 'did not match', className: 'no' }
        : index === deciding
          ? { text: 'decides', className: 'decides' }
          : rule.matched
            ? { text: 'also true (not deciding)', className: 'after' }
            : { text: 'not reached', className: 'after' };
    return el('li', { className: `rule ${verdict.className}` }, [
      el('div', { className: 'rule-head' }, [
        el('strong', { text: RULE_NAMES[rule.rule] || rule.rule }),
        ...chips([rule.reason_code]),
        el('span', { className: `verdict ${verdict.className}`, text: verdict.text }),
      ]),
      labelledValues(
        Object.entries(rule.details).map(([key, value]) => [label(key), formatValue(key, value)]),
      ),
    ]);
  });
}

// The key's two rules come first when the gateway requires keys (numbered as the policy's rules).
const RULE_NAMES = {
  key_local_only: 'Key: local only',
  key_budget: 'Key: daily cloud budget',
  sensitive_keyword: '1. Sensitive keyword',
  pii: '2. PII or credential',
  cloud_budget: '3. Daily cloud budget',
  cost: '4. Cost',
  default: '5. Default',
};

const LABELS = {
  local_only: 'Local-only key',
  keywords_configured: 'Keywords configured',
  matches: 'Keyword matches',
  detectors_enabled: 'Detectors on',
  detectors_fired: 'Detectors fired',
  budget_usd_per_day: 'Daily budget',
  spend_today_usd: 'Spent today',
  projected_spend_usd: 'Spend with this prompt',
  mode: 'Mode',
  estimated_usd: 'Estimated cost',
  max_usd_for_local: 'Local up to',
  estimated_tokens: 'Estimated tokens',
  input_usd_per_1m_tokens: 'Price per 1M input tokens',
  chars: 'Characters',
  max_prompt_length_for_local: 'Local up to (characters)',
  default_provider: 'Default provider',
};

function label(key) {
  return LABELS[key] || key.replace(/_/g, ' ');
}

function formatNumber(value) {
  return Number.isInteger(value) ? String(value) : String(Math.round(value * 100) / 100);
}

function formatUsd(value) {
  const small = value !== 0 && Math.abs(value) < 0.01;
  return `$${Number(value)
    .toFixed(small ? 8 : 2)
    .replace(/(\.\d*?)0+$/, '$1')
    .replace(/\.$/, '')}`;
}

function formatValue(key, value) {
  if (value === null || value === undefined) return key === 'spend_today_usd' ? 'unknown' : 'none';
  if (Array.isArray(value)) return value.length === 0 ? 'none' : value.join(', ');
  if (typeof value === 'object') {
    const entries = Object.entries(value);
    return entries.length === 0 ? 'none' : entries.map(([name, count]) => `${name} ×${count}`).join(', ');
  }
  if (typeof value === 'number')
    return key.endsWith('usd') || key.includes('usd_') ? formatUsd(value) : formatNumber(value);
  return String(value);
}

function labelledValues(pairs, className = 'values') {
  return el(
    'dl',
    { className },
    pairs.flatMap(([k, v]) => [el('dt', { text: k }), el('dd', { text: String(v) })]),
  );
}

// ---- policy -----------------------------------------------------------------------------------
async function loadPolicy() {
  const { response, body } = await api('/v1/routes');
  if (refused($('policy-view'), response, body, 'see the effective policy')) return;
  if (!body || !response.ok) return;
  $('policy-version').textContent = body.version.slice(0, 12);
  const fields = [
    ['Version', body.version],
    ['Source', body.source],
    ['Loaded', body.loaded_at],
    ['Rule order', body.rule_order.join(' → ')],
    ['Keywords', `${body.sensitivity.keyword_count} configured (not shown)`],
    ['Detectors', body.sensitivity.detectors.join(', ') || 'none'],
    ['Cost mode', body.cost.mode],
    [
      'Local up to',
      body.cost.mode === 'usd'
        ? `$${body.cost.max_usd_for_local} per request`
        : `${body.cost.max_prompt_length_for_local} characters`,
    ],
    ['Characters per token', body.cost.chars_per_token],
    ['Default provider', body.cost.default_provider],
    [
      'Daily cloud budget',
      body.budget.cloud_usd_per_day === null ? 'none' : `$${body.budget.cloud_usd_per_day}`,
    ],
    ['On local failure', body.fallback.on_local_failure],
    ['On cloud failure', body.fallback.on_cloud_failure],
    ['Images', body.images === 'allow' ? 'follow the text' : 'kept local'],
    [
      'Local models',
      `${body.models.local.default || 'OLLAMA_MODEL'} (allowed: ${body.models.local.allowed.join(', ') || 'default only'})`,
    ],
    [
      'Cloud models',
      `${body.models.cloud.default || 'OPENAI_MODEL'} (allowed: ${body.models.cloud.allowed.join(', ') || 'default only'})`,
    ],
    [
      'Model aliases',
      Object.entries(body.models.aliases || {})
        .map(
          ([name, tiers]) =>
            `${name} → ${Object.entries(tiers)
              .map(([t, m]) => `${t}: ${m}`)
              .join(', ')}`,
        )
        .join('; ') || 'none',
    ],
    [
      'Embeddings tier',
      body.embeddings ? body.embeddings.tier || 'per request (not pinned)' : 'per request (not pinned)',
    ],
  ];
  $('policy-view').replaceChildren(
    el('div', { className: 'policy' }, [
      el(
        'dl',
        {},
        fields.flatMap(([k, v]) => [el('dt', { text: k }), el('dd', { text: String(v) })]),
      ),
    ]),
  );
}

// ---- audit ------------------------------------------------------------------------------------
let cursor = null;

function filters() {
  const data = new FormData($('audit-filters'));
  const params = new URLSearchParams();
  for (const key of ['provider', 'status', 'reason']) if (data.get(key)) params.set(key, data.get(key));
  return params;
}

function auditRow(item) {
  const row = el('tr', { tabindex: '0', 'data-request-id': item.request_id }, [
    el('td', { 'data-label': 'Time', text: new Date(item.created_at).toLocaleString() }),
    el('td', { 'data-label': 'Provider' }, [
      badge(item.served_by || item.provider || 'none'),
      ...(isDemoModel(item.model) ? [demoTag()] : []),
    ]),
    el('td', { 'data-label': 'Reasons' }, chips(item.reason_codes)),
    el('td', {
      'data-label': 'Status',
      text: item.failure_category ? `${item.status} (${item.failure_category})` : item.status,
    }),
    el('td', { 'data-label': 'Latency', text: `${item.latency_ms} ms` }),
    el('td', {
      'data-label': 'Tokens',
      text: item.input_tokens === null ? '-' : `${item.input_tokens} / ${item.output_tokens}`,
    }),
    el('td', {
      'data-label': 'Cost',
      text: item.cost_usd === null ? '-' : `$${Number(item.cost_usd).toFixed(6)}`,
    }),
  ]);
  const open = () => openDetail(item.request_id);
  row.addEventListener('click', open);
  row.addEventListener('keydown', (event) => event.key === 'Enter' && open());
  return row;
}

async function refreshAudit(reset) {
  const params = filters();
  if (!reset && cursor) params.set('cursor', cursor);
  params.set('limit', '25');
  const [{ response, body: page }, { body: stats }] = await Promise.all([
    api(`/v1/audit?${params}`),
    api('/v1/audit/stats'),
  ]);
  const notice = refusalText(response.status, page && page.code, 'see the audit trail');
  $('audit-notice').textContent = notice || '';
  $('audit-notice').hidden = notice === null;
  if (notice !== null) {
    $('audit-table').tBodies[0].replaceChildren();
    $('audit-stats').replaceChildren();
    $('audit-more').hidden = true;
    return;
  }
  if (page && response.ok) {
    const rows = page.items.map(auditRow);
    if (reset) $('audit-table').tBodies[0].replaceChildren(...rows);
    else $('audit-table').tBodies[0].append(...rows);
    cursor = page.next_cursor;
    $('audit-more').hidden = !cursor;
  }
  if (stats && stats.by_status) renderStats(stats);
}

function renderStats(stats) {
  const top =
    Object.entries(stats.by_reason)
      .slice(0, 3)
      .map(([code, count]) => `${code} (${count})`)
      .join(', ') || '-';
  const cards = [
    ['Requests', stats.total],
    ['Kept local', stats.local_share === null ? '-' : `${Math.round(stats.local_share * 100)} %`],
    ['Failures', stats.failures],
    ['Cloud cost', `$${stats.cost_usd.toFixed(4)}`],
    ['Top reasons', top],
  ];
  $('audit-stats').replaceChildren(
    ...cards.map(([k, v]) => el('div', {}, [el('dt', { text: k }), el('dd', { text: String(v) })])),
  );
  const select = $('reason-filter');
  const known = new Set([...select.options].map((o) => o.value));
  for (const code of Object.keys(REASONS))
    if (!known.has(code)) select.append(el('option', { value: code, text: code }));
}

async function openDetail(requestId) {
  const { response, body } = await api(`/v1/audit/${encodeURIComponent(requestId)}`);
  const fields = response.ok
    ? Object.entries(body)
    : [['error', `HTTP ${response.status}: ${(body && body.message) || ''}`]];
  $('detail-fields').replaceChildren(
    ...fields.flatMap(([k, v]) => [
      el('dt', { text: k }),
      el('dd', { text: typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v) }),
    ]),
  );
  $('audit-detail').showModal();
}

// ---- wiring -----------------------------------------------------------------------------------
document.addEventListener('DOMContentLoaded', () => {
  for (const tab of document.querySelectorAll('.tab'))
    tab.addEventListener('click', () => showTab(tab.dataset.tab));
  $('chat-form').addEventListener('submit', send);
  $('message').addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.shiftKey) {
      event.preventDefault();
      $('chat-form').requestSubmit();
    }
  });
  $('clear').addEventListener('click', () => {
    turns = [];
    $('conversation').replaceChildren();
  });
  $('explain-text').addEventListener('input', () => {
    clearTimeout(explainTimer);
    explainTimer = setTimeout(explain, 250);
  });
  $('audit-filters').addEventListener('change', () => refreshAudit(true));
  $('audit-more').addEventListener('click', () => refreshAudit(false));
  $('sign-in').addEventListener('submit', signIn);
  $('sign-out').addEventListener('click', signOut);
  setInterval(() => {
    if (!$('audit').hidden && $('auto-refresh').checked) refreshAudit(true);
  }, 5000);
  startAuth().then(loadPolicy);
  api('/v1/models').then(({ body }) => {
    if (body && Array.isArray(body.data) && body.data.some((model) => isDemoModel(model.id)))
      showDemoBanner();
  });
  const match = /^#audit\/(.+)$/.exec(location.hash);
  if (match) {
    showTab('audit');
    openDetail(match[1]);
  }
});
