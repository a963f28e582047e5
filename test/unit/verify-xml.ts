/**
 * A strict, small XML 1.0 well-formedness check for the JUnit tests (no XML parser is a
 * dependency): one root, balanced tags, quoted unique attributes, only the predefined or
 * numeric entities, no raw `<` or `&` in text, no characters XML forbids. Returns problems.
 */
const NAME = '[A-Za-z_:][A-Za-z0-9_.:-]*';
const ENTITY = /&(?!(?:amp|lt|gt|quot|apos|#[0-9]+|#x[0-9A-Fa-f]+);)/;
// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;

export function xmlProblems(xml: string): string[] {
  const problems: string[] = [];
  let rest = xml.replace(/^<\?xml[^?]*\?>/, '');
  if (FORBIDDEN.test(xml)) problems.push('forbidden character');
  const stack: string[] = [];
  let roots = 0;
  const tag = new RegExp(`^<(/?)(${NAME})((?:\\s+${NAME}\\s*=\\s*"[^"<]*")*)\\s*(/?)>`);
  while (rest.length > 0) {
    const lt = rest.indexOf('<');
    const text = lt === -1 ? rest : rest.slice(0, lt);
    if (ENTITY.test(text)) problems.push(`bad entity in text: ${text.slice(0, 40)}`);
    if (stack.length === 0 && text.trim() !== '') problems.push(`text outside the root: ${text.slice(0, 40)}`);
    if (lt === -1) break;
    rest = rest.slice(lt);
    const m = tag.exec(rest);
    if (!m) {
      problems.push(`malformed tag at: ${rest.slice(0, 60)}`);
      break;
    }
    const [whole, closing, name, attributes, selfClosing] = m;
    const attrNames = [...attributes.matchAll(new RegExp(`(${NAME})\\s*=\\s*"([^"]*)"`, 'g'))];
    if (new Set(attrNames.map((a) => a[1])).size !== attrNames.length) problems.push(`duplicate attribute in <${name}>`);
    for (const a of attrNames) if (ENTITY.test(a[2])) problems.push(`bad entity in attribute ${a[1]} of <${name}>`);
    if (closing) {
      if (stack.pop() !== name) problems.push(`unbalanced </${name}>`);
    } else {
      if (stack.length === 0) roots++;
      if (!selfClosing) stack.push(name);
    }
    rest = rest.slice(whole.length);
  }
  if (stack.length > 0) problems.push(`unclosed: ${stack.join(', ')}`);
  if (roots !== 1) problems.push(`expected one root element, found ${roots}`);
  return problems;
}
