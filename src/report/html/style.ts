/** The report's one inline stylesheet: no fonts, images or anything fetched. */
export const REPORT_CSS = `
:root { color-scheme: light; --go: #1a7f37; --cond: #9a6700; --nogo: #cf222e; --muted: #57606a; --line: #d0d7de; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0 auto; max-width: 1200px; padding: 16px 24px 48px; color: #1f2328; }
h1 { font-size: 20px; margin: 8px 0; } h2 { font-size: 17px; margin: 28px 0 8px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
h3 { font-size: 15px; margin: 18px 0 6px; }
.banner { border-radius: 8px; padding: 14px 18px; color: #fff; display: flex; gap: 24px; align-items: baseline; flex-wrap: wrap; }
.banner .verdict { font-size: 28px; font-weight: 700; letter-spacing: .5px; }
.banner .confidence { font-size: 18px; }
.banner.go { background: var(--go); } .banner.conditional { background: var(--cond); } .banner.nogo { background: var(--nogo); }
.reasons { margin: 8px 0 0; }
.meta { color: var(--muted); margin: 8px 0; }
table { border-collapse: collapse; width: 100%; margin: 6px 0 12px; }
th, td { border: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: #f6f8fa; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.status { font-weight: 600; } .status.passed { color: var(--go); } .status.failed, .status.error { color: var(--nogo); } .status.skipped { color: var(--muted); }
details.step { border: 1px solid var(--line); border-radius: 6px; margin: 6px 0; padding: 4px 10px; }
details.step.failed, details.step.error { border-color: var(--nogo); }
details.step > summary { cursor: pointer; }
details details { margin: 4px 0 4px 12px; }
pre { background: #f6f8fa; border: 1px solid var(--line); border-radius: 4px; padding: 8px; overflow: auto; max-height: 480px; white-space: pre-wrap; word-break: break-word; margin: 4px 0; }
code, pre, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12.5px; }
.failure { background: #ffebe9; }
svg text { font: 11px ui-monospace, Menlo, Consolas, monospace; fill: #1f2328; }
.note { color: var(--muted); font-size: 13px; }
`;
