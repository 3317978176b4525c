// A group filter (R-4) read and evaluated in the browser, for the "who matches now"
// preview: the API has no preview route, so this follows the server's grammar and rules
// (src/routing/filter.hpp) — `user.<path>` and `lead.<path>` operands, strings, numbers,
// booleans and [lists]; == != < <= > >= contains in; and, or, not, parentheses; a lone
// operand is true when truthy; a missing attribute makes its comparison false. The server
// stays the judge of what is valid: saving shows its error.
type Json = unknown;

type Operand = { kind: 'path'; source: 'user' | 'lead'; path: string[] } | { kind: 'literal'; value: Json };
type Op = '==' | '!=' | '<' | '<=' | '>' | '>=' | 'contains' | 'in';
export type FilterNode =
  | { kind: 'or' | 'and'; left: FilterNode; right: FilterNode }
  | { kind: 'not'; inner: FilterNode }
  | { kind: 'compare'; lhs: Operand; op: Op | null; rhs: Operand | null };

interface Token {
  kind: 'end' | '(' | ')' | '[' | ']' | ',' | 'op' | 'word' | 'string' | 'number';
  column: number;
  raw: string;
  text: string;
}

const KEYWORDS = new Set(['and', 'or', 'not', 'contains', 'in', 'true', 'false']);
const MAX_DEPTH = 64;

export class FilterError extends Error {}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (true) {
    while (i < text.length && /\s/.test(text[i])) i++;
    const column = i + 1;
    if (i >= text.length) {
      tokens.push({ kind: 'end', column, raw: '', text: '' });
      return tokens;
    }
    const c = text[i];
    if (c === '"' || c === "'") {
      let value = '';
      let j = i + 1;
      while (j < text.length && text[j] !== c) {
        if (text[j] === '\\' && j + 1 < text.length) j++;
        value += text[j++];
      }
      if (j >= text.length) throw new FilterError(`column ${column}: expected a closing ${c}, found end of filter`);
      tokens.push({ kind: 'string', column, raw: text.slice(i, j + 1), text: value });
      i = j + 1;
    } else if (/\d/.test(c) || (c === '-' && /\d/.test(text[i + 1] ?? ''))) {
      const match = /^-?\d+(\.\d+)?/.exec(text.slice(i))!;
      tokens.push({ kind: 'number', column, raw: match[0], text: match[0] });
      i += match[0].length;
    } else if (/[A-Za-z_]/.test(c)) {
      const match = /^[A-Za-z0-9_.]+/.exec(text.slice(i))!;
      const low = match[0].toLowerCase();
      tokens.push({ kind: 'word', column, raw: match[0], text: KEYWORDS.has(low) ? low : match[0] });
      i += match[0].length;
    } else if ('()[],'.includes(c)) {
      tokens.push({ kind: c as Token['kind'], column, raw: c, text: c });
      i++;
    } else {
      const two = text.slice(i, i + 2);
      const op = ['==', '!=', '<=', '>='].includes(two) ? two : c === '<' || c === '>' ? c : null;
      if (!op) throw new FilterError(`column ${column}: unexpected '${c}'${c === '=' ? " (did you mean '=='?)" : ''}`);
      tokens.push({ kind: 'op', column, raw: op, text: op });
      i += op.length;
    }
  }
}

class Parser {
  private at = 0;
  constructor(private readonly tokens: Token[]) {}

  private get current(): Token {
    return this.tokens[this.at];
  }
  private fail(expected: string): never {
    const t = this.current;
    throw new FilterError(`column ${t.column}: expected ${expected}, found ${t.kind === 'end' ? 'end of filter' : `'${t.raw}'`}`);
  }
  // A call, not a property: TypeScript must not carry a narrowed kind across advances.
  private kind(): Token['kind'] {
    return this.tokens[this.at].kind;
  }
  private isKeyword(word: string): boolean {
    return this.kind() === 'word' && this.current.text === word;
  }

  parse(): FilterNode {
    const root = this.chain(0, 'or');
    if (this.kind() !== 'end') this.fail("'and', 'or' or end of filter");
    return root;
  }

  private chain(depth: number, keyword: 'or' | 'and'): FilterNode {
    const next = () => (keyword === 'or' ? this.chain(depth, 'and') : this.unary(depth));
    let left = next();
    while (this.isKeyword(keyword)) {
      this.at++;
      left = { kind: keyword, left, right: next() };
    }
    return left;
  }

  private unary(depth: number): FilterNode {
    if (depth >= MAX_DEPTH) this.fail(`a shallower expression (at most ${MAX_DEPTH} levels)`);
    if (this.isKeyword('not')) {
      this.at++;
      return { kind: 'not', inner: this.unary(depth + 1) };
    }
    if (this.kind() === '(') {
      this.at++;
      const inner = this.chain(depth + 1, 'or');
      if (this.kind() !== ')') this.fail("'and', 'or' or ')'");
      this.at++;
      return inner;
    }
    const lhs = this.operand();
    const t = this.current;
    const op = t.kind === 'op' ? (t.text as Op) : this.isKeyword('contains') || this.isKeyword('in') ? (t.text as Op) : null;
    if (!op) return { kind: 'compare', lhs, op: null, rhs: null };
    this.at++;
    return { kind: 'compare', lhs, op, rhs: this.operand() };
  }

  private atLiteral(): boolean {
    return this.kind() === 'string' || this.kind() === 'number' || this.isKeyword('true') || this.isKeyword('false');
  }

  private literal(): Json {
    const t = this.current;
    this.at++;
    if (t.kind === 'string') return t.text;
    if (t.kind === 'number') return Number(t.raw);
    return t.text === 'true';
  }

  private operand(): Operand {
    if (this.kind() === '[') {
      this.at++;
      const values: Json[] = [];
      while (!(this.kind() === ']' && values.length === 0)) {
        if (!this.atLiteral()) this.fail('a string, a number, true or false in the list');
        values.push(this.literal());
        if (this.kind() === ']') break;
        if (this.kind() !== ',') this.fail("',' or ']'");
        this.at++;
      }
      this.at++;
      return { kind: 'literal', value: values };
    }
    if (this.atLiteral()) return { kind: 'literal', value: this.literal() };
    const t = this.current;
    if (t.kind !== 'word' || ['and', 'or', 'not', 'contains', 'in'].includes(t.text))
      this.fail('an operand (user.<attr>, lead.<attr>, a string, a number, true, false or a [list])');
    const [head, ...rest] = t.raw.split('.');
    const source = head.toLowerCase();
    if (source !== 'user' && source !== 'lead') this.fail('user.<attr> or lead.<attr>');
    if (rest.length === 0 || rest.some((p) => p === '')) this.fail(`an attribute name after '${source}.'`);
    this.at++;
    return { kind: 'path', source, path: rest };
  }
}

// The filter's tree; throws FilterError (with the column) when it does not parse.
export function parseFilter(text: string): FilterNode {
  if (text.length > 4096) throw new FilterError('longer than 4096 characters');
  return new Parser(tokenize(text)).parse();
}

// --- evaluation ---

const isObject = (v: Json): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v);

function resolve(operand: Operand, user: Json, lead: Json): Json | undefined {
  if (operand.kind === 'literal') return operand.value;
  let current: Json = operand.source === 'user' ? user : lead;
  for (const part of operand.path) {
    if (isObject(current) && part in current) current = current[part];
    else if (Array.isArray(current) && /^\d{1,9}$/.test(part) && Number(part) < current.length) current = current[Number(part)];
    else return undefined;
  }
  return current === null ? undefined : current;
}

function equal(a: Json, b: Json): boolean {
  if (typeof a !== typeof b || Array.isArray(a) !== Array.isArray(b)) return false;
  if (typeof a === 'object' && a !== null) return JSON.stringify(a) === JSON.stringify(b);
  return a === b;
}

function truthy(v: Json | undefined): boolean {
  if (v === undefined || v === null) return false;
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v !== 0;
  if (typeof v === 'string') return v !== '';
  if (Array.isArray(v)) return v.length > 0;
  return isObject(v) && Object.keys(v).length > 0;
}

function contains(haystack: Json, needle: Json): boolean {
  if (Array.isArray(haystack))
    return haystack.some((element) => (Array.isArray(needle) ? needle.some((w) => equal(element, w)) : equal(element, needle)));
  return typeof haystack === 'string' && typeof needle === 'string' && haystack.includes(needle);
}

function order(a: Json, b: Json): number | null {
  if ((typeof a === 'number' && typeof b === 'number') || (typeof a === 'string' && typeof b === 'string')) return a < b ? -1 : a > b ? 1 : 0;
  return null;
}

export function evaluate(node: FilterNode, user: Json, lead: Json): boolean {
  switch (node.kind) {
    case 'or':
      return evaluate(node.left, user, lead) || evaluate(node.right, user, lead);
    case 'and':
      return evaluate(node.left, user, lead) && evaluate(node.right, user, lead);
    case 'not':
      return !evaluate(node.inner, user, lead);
    case 'compare': {
      const lhs = resolve(node.lhs, user, lead);
      if (!node.op || !node.rhs) return truthy(lhs);
      const rhs = resolve(node.rhs, user, lead);
      if (lhs === undefined || rhs === undefined) return false;
      const o = order(lhs, rhs);
      switch (node.op) {
        case '==': return equal(lhs, rhs);
        case '!=': return !equal(lhs, rhs);
        case 'contains': return contains(lhs, rhs);
        case 'in': return contains(rhs, lhs);
        case '<': return o === -1;
        case '<=': return o === -1 || o === 0;
        case '>': return o === 1;
        case '>=': return o === 1 || o === 0;
      }
    }
  }
  return false;
}

// True when the filter reads lead.*: the preview then needs a sample lead.
export function usesLead(node: FilterNode): boolean {
  switch (node.kind) {
    case 'or':
    case 'and':
      return usesLead(node.left) || usesLead(node.right);
    case 'not':
      return usesLead(node.inner);
    case 'compare':
      return [node.lhs, node.rhs].some((o) => o?.kind === 'path' && o.source === 'lead');
  }
}
