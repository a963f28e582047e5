/**
 * The catcher's web view for presenters: one self-contained HTML page (no external scripts,
 * fonts or styles) listing the newest messages; clicking one shows its text body. Every piece
 * of message content is HTML-escaped here, on the server, because mail is attacker-controlled
 * input: a subject of `<script>` must show as text, never run.
 */
import type { CaughtMessage } from './message-store.js';

/** Messages rendered on the page; older ones stay reachable through the API. */
const PAGE_SIZE = 50;

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ESCAPES[char]);
}

/**
 * Renders the inbox; `nonce` must match the page's Content-Security-Policy `script-src`.
 *
 * @example
 * c.html(renderInboxPage(store.list(), { nonce }));
 */
export function renderInboxPage(messages: CaughtMessage[], options: { nonce: string }): string {
  const shown = messages.slice(0, PAGE_SIZE);
  const rows = shown.map(renderRow).join('\n');
  const empty = shown.length === 0 ? '<p class="empty">No mail yet. Send some to the SMTP port.</p>' : '';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>reos mail catcher (${messages.length})</title>
<style>
  body { font: 14px/1.4 system-ui, sans-serif; margin: 0; color: #1d2330; background: #f6f7f9; }
  header { display: flex; gap: 1rem; align-items: center; padding: .75rem 1rem; background: #1d2330; color: #fff; }
  header h1 { font-size: 1rem; margin: 0; flex: 1; }
  button { font: inherit; cursor: pointer; }
  table { width: 100%; border-collapse: collapse; background: #fff; }
  th, td { text-align: left; padding: .4rem .75rem; border-bottom: 1px solid #e3e6eb; vertical-align: top; }
  tr.message { cursor: pointer; }
  tr.message:hover, tr.message.open { background: #eef3ff; }
  tr.body pre { white-space: pre-wrap; margin: 0; font: 13px/1.5 ui-monospace, monospace; }
  .empty { padding: 1rem; }
</style>
</head>
<body>
<header><h1>reos mail catcher: ${messages.length} message${messages.length === 1 ? '' : 's'}${messages.length > shown.length ? ` (newest ${shown.length} shown)` : ''}</h1>
<button id="refresh" type="button">Refresh</button><button id="delete-all" type="button">Delete all</button></header>
<table>
<thead><tr><th>Received</th><th>From</th><th>To</th><th>Subject</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>
${empty}
<script nonce="${escapeHtml(options.nonce)}">
  // Rows toggle their body row; the page never builds HTML from message data on the client.
  for (const row of document.querySelectorAll('tr.message')) {
    row.addEventListener('click', () => {
      row.classList.toggle('open');
      row.nextElementSibling.hidden = !row.classList.contains('open');
    });
  }
  for (const time of document.querySelectorAll('time')) time.textContent = new Date(time.dateTime).toLocaleString();
  document.getElementById('refresh').addEventListener('click', () => location.reload());
  // New mail shows up by itself during a demo, unless the presenter has a message open.
  const shownTotal = ${messages.length};
  setInterval(async () => {
    if (document.querySelector('tr.message.open')) return;
    const response = await fetch('api/v2/messages?limit=0').catch(() => undefined);
    if (response?.ok && (await response.json()).total !== shownTotal) location.reload();
  }, 3000);
  document.getElementById('delete-all').addEventListener('click', async () => {
    if (!confirm('Delete every caught message?')) return;
    await fetch('api/v1/messages', { method: 'DELETE' });
    location.reload();
  });
</script>
</body>
</html>
`;
}

function renderRow(message: CaughtMessage): string {
  const { parsed } = message;
  const from = parsed.from?.text || message.mailFrom;
  const to = [parsed.to].flat().map((address) => address?.text ?? '').filter(Boolean).join(', ') || message.rcptTo.join(', ');
  const text = parsed.text ?? '(this message has no text part)';
  return `<tr class="message" data-id="${escapeHtml(message.id)}"><td><time datetime="${message.receivedAt.toISOString()}">${message.receivedAt.toISOString().replace('T', ' ').slice(0, 19)}</time></td><td>${escapeHtml(from)}</td><td>${escapeHtml(to)}</td><td>${escapeHtml(parsed.subject ?? '(no subject)')}</td></tr>
<tr class="body" hidden><td colspan="4"><pre>${escapeHtml(text)}</pre></td></tr>`;
}
