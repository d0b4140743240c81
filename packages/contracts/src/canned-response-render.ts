/**
 * The variables a canned response may use. `conversation.id` is the conversation's number as
 * people quote it (`1042`), not its internal id.
 */
export const cannedResponseVariableNames = [
  'customer.name',
  'customer.email',
  'agent.name',
  'conversation.id',
] as const;
export type CannedResponseVariableName = (typeof cannedResponseVariableNames)[number];

/** Values to fill in; a missing, null or blank value leaves its placeholder in place. */
export type CannedResponseVariables = Partial<
  Record<CannedResponseVariableName, string | number | null | undefined>
>;

const placeholder = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)\s*\}\}/g;
const known = new Set<string>(cannedResponseVariableNames);

function valueOf(name: string, vars: CannedResponseVariables): string | null {
  if (!known.has(name)) return null;
  const value = vars[name as CannedResponseVariableName];
  if (value === null || value === undefined) return null;
  const text = String(value);
  return text.trim() === '' ? null : text;
}

/**
 * Fills `{{customer.name}}`-style variables in a canned response's plain-text body, in one
 * pass: a value is inserted as text and never read as a placeholder itself. Unknown variables
 * and ones without a value stay visible as typed, so the agent notices before sending.
 *
 * @example
 * renderCannedResponse('Hi {{customer.name}}, {{ agent.name }} here. {{order}}', {
 *   'customer.name': '李雷',
 *   'agent.name': 'Anna',
 * }); // 'Hi 李雷, Anna here. {{order}}'
 */
export function renderCannedResponse(body: string, vars: CannedResponseVariables): string {
  return body.replace(placeholder, (match, name: string) => valueOf(name, vars) ?? match);
}

/**
 * The placeholders that `renderCannedResponse` would leave unfilled with these values (unknown
 * names or missing values), in order of first appearance, for the UI to point out.
 *
 * @example unfilledCannedResponseVariables('{{agent.name}} {{order}}', {}) // ['agent.name', 'order']
 */
export function unfilledCannedResponseVariables(
  body: string,
  vars: CannedResponseVariables,
): string[] {
  const names = new Set<string>();
  for (const match of body.matchAll(placeholder)) {
    const name = match[1]!;
    if (valueOf(name, vars) === null) names.add(name);
  }
  return [...names];
}
