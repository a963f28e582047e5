/**
 * The template language: `{{name}}` placeholders and nothing else (no logic, no partials), so a
 * template can be checked completely when it is saved. A placeholder must name a known variable
 * (lead.name, property.address, unsubscribe_url ...) or one the template declares in
 * `variables`, whose value the campaign supplies. HTML bodies get their values escaped.
 *
 * @example
 * renderTemplate('Hi {{lead.name}}', { 'lead.name': 'Jane' }); // 'Hi Jane'
 * placeholdersOf('{{ a }} and {{b}}'); // ['a', 'b']
 */
import { invalidRequest } from '../lib/validation.js';

/** Variables every campaign mail can use; values come from the recipient, property, agent and team. */
export const KNOWN_VARIABLES = [
  'lead.name',
  'lead.email',
  'recipient.email',
  'property.address',
  'property.city',
  'property.state',
  'property.zip',
  'property.price',
  'property.bedrooms',
  'property.bathrooms',
  'listing.details',
  'agent.name',
  'agent.email',
  'team.name',
  'campaign.name',
  'unsubscribe_url',
] as const;

/** Variables that only have a value when the campaign names a property. */
export const PROPERTY_VARIABLES = KNOWN_VARIABLES.filter((name) => name.startsWith('property.'));

/** A declared (custom) variable name: letters, digits, `_` and dots, not starting with a digit. */
export const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;
const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;

export function placeholdersOf(text: string): string[] {
  return [...new Set([...text.matchAll(PLACEHOLDER)].map((m) => m[1]))];
}

const known = new Set<string>(KNOWN_VARIABLES);

export interface TemplateText {
  subject: string;
  body_text: string;
  body_html?: string | null;
  variables: string[];
}

/**
 * Throws a 422 naming every placeholder that is neither known nor declared, and every declared
 * name that is not a valid variable name.
 */
export function assertTemplateVariables(template: TemplateText): void {
  const declared = new Set(template.variables);
  const faults = template.variables.flatMap((name, i) =>
    VARIABLE_NAME.test(name) ? [] : [{ detail: `"${name}" is not a valid variable name (letters, digits, _ and dots).`, pointer: `/variables/${i}` }],
  );
  for (const field of ['subject', 'body_text', 'body_html'] as const) {
    for (const name of placeholdersOf(template[field] ?? '')) {
      if (!known.has(name) && !declared.has(name)) {
        faults.push({ detail: `Unknown variable {{${name}}}: declare it in "variables" or use a known one (${KNOWN_VARIABLES.join(', ')}).`, pointer: `/${field}` });
      }
    }
  }
  if (faults.length > 0) throw invalidRequest('The template uses variables it does not declare.', faults);
}

/** The custom (not known) variables a template's text uses: the campaign must give them values. */
export function customVariablesOf(template: TemplateText): string[] {
  const used = [template.subject, template.body_text, template.body_html ?? ''].flatMap(placeholdersOf);
  return [...new Set(used.filter((name) => !known.has(name)))];
}

export function usesPropertyVariables(template: TemplateText): boolean {
  const used = new Set([template.subject, template.body_text, template.body_html ?? ''].flatMap(placeholdersOf));
  return PROPERTY_VARIABLES.some((name) => used.has(name));
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (ch) => HTML_ESCAPES[ch]);

/** Replaces every placeholder with its value ('' when it has none); `html` escapes the values. */
export function renderTemplate(text: string, values: Record<string, string>, options: { html?: boolean } = {}): string {
  return text.replace(PLACEHOLDER, (_, name: string) => {
    const value = values[name] ?? '';
    return options.html ? escapeHtml(value) : value;
  });
}
