// Messages for people are Chinese (issue 11 item 6): every literal handed to an error a person reads
// (AppError / Refusal, ApplicationFailure, a field error's `message`, a zod refinement's message)
// carries Chinese text. A static scan of the source, so a new English refusal fails here before any
// request reaches it; the HTTP side is api/error-language.test.ts.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');
const DIRS = ['api', 'domain', 'workflows', 'activities'];
const CJK = /[\u4e00-\u9fff]/;
/** Four English words in a row: a sentence, not a code or a product name. */
const ENGLISH_RUN = /[A-Za-z]{2,}(?:[ ,]+[A-Za-z]{2,}){3}/;
const ZOD_CHECKS = new Set(['regex', 'min', 'max', 'length', 'refine', 'nonempty', 'gte', 'lte', 'gt', 'lt']);

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? sourceFiles(join(dir, e.name))
      : e.name.endsWith('.ts') && !e.name.endsWith('.test.ts')
        ? [join(dir, e.name)]
        : [],
  );
}

/** The text parts of a string or template literal (template spans' expressions are not text). */
function literalText(node: ts.Node): string | undefined {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isTemplateExpression(node)) return node.head.text + node.templateSpans.map((s) => s.literal.text).join(' ');
  return undefined;
}

/** Literals in `node` that reach a person: the node itself, or both sides of a conditional/`??`/`||`. */
function messageLiterals(node: ts.Node): ts.Node[] {
  if (ts.isParenthesizedExpression(node)) return messageLiterals(node.expression);
  if (ts.isConditionalExpression(node)) return [...messageLiterals(node.whenTrue), ...messageLiterals(node.whenFalse)];
  if (ts.isBinaryExpression(node) && node.operatorToken.kind !== ts.SyntaxKind.PlusToken)
    return [...messageLiterals(node.left), ...messageLiterals(node.right)];
  if (ts.isBinaryExpression(node)) return [node.left, node.right].flatMap(messageLiterals);
  return literalText(node) === undefined ? [] : [node];
}

interface Finding {
  at: string;
  text: string;
}

/** Error-message literals in `text` (source file `file`) that have letters but no Chinese. */
function englishMessages(file: string, text: string): Finding[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const found: Finding[] = [];
  const check = (node: ts.Node | undefined) => {
    if (!node) return;
    for (const literal of messageLiterals(node)) {
      const t = literalText(literal)!;
      // A literal with no letters at all (a separator such as '；') says nothing in any language.
      // Chinese with an English sentence inside is still English to its reader.
      if ((!CJK.test(t) && /[A-Za-z]/.test(t)) || ENGLISH_RUN.test(t)) {
        const { line } = source.getLineAndCharacterOfPosition(literal.getStart());
        found.push({ at: `${file}:${line + 1}`, text: t });
      }
    }
  };
  const visit = (node: ts.Node) => {
    // new AppError(code, message, …) / new Refusal(code, message, …)
    if (
      ts.isNewExpression(node) &&
      ts.isIdentifier(node.expression) &&
      /^(AppError|Refusal)$/.test(node.expression.text)
    )
      check(node.arguments?.[1]);
    // ApplicationFailure.nonRetryable(message, type, …) / .retryable(message, …) / .create({ message })
    if (
      ts.isCallExpression(node) &&
      ts.isPropertyAccessExpression(node.expression) &&
      ts.isIdentifier(node.expression.expression) &&
      node.expression.expression.text === 'ApplicationFailure'
    ) {
      const method = node.expression.name.text;
      if (method === 'nonRetryable' || method === 'retryable') check(node.arguments[0]);
    }
    // zod checks' message argument: .regex(re, '…'), .min(n, '…'), .refine(fn, '…')
    if (
      ts.isCallExpression(node) &&
      ts.isPropertyAccessExpression(node.expression) &&
      ZOD_CHECKS.has(node.expression.name.text) &&
      node.arguments.length > 1
    )
      check(node.arguments[node.arguments.length - 1]);
    // { message: '…' } anywhere: field errors, zod refinements, ApplicationFailure.create options.
    if (
      ts.isPropertyAssignment(node) &&
      (ts.isIdentifier(node.name) || ts.isStringLiteral(node.name)) &&
      node.name.text === 'message'
    )
      check(node.initializer);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('messages for people are Chinese', () => {
  it('no error message literal in api/, domain/, workflows/ or activities/ is without Chinese', () => {
    const files = DIRS.flatMap(sourceFiles);
    expect(files.length).toBeGreaterThan(40);
    expect(files.flatMap((f) => englishMessages(f, readFileSync(join(ROOT, f), 'utf8')))).toEqual([]);
  });

  it('the scan itself finds an English message in each form it checks', () => {
    const sample = [
      "throw new AppError('not_found', 'Task was not found.');",
      "throw new Refusal('conflict', ok ? '已完成' : 'Already done');",
      "throw ApplicationFailure.nonRetryable(`Step ${s} refused`, 'x');",
      "const f = { field: 'dueAt', message: 'must be in the future' };",
      "const Name = z.string().regex(/^[a-z]+$/, 'lowercase letters only');",
      "throw new AppError('conflict', '冲突：the plan has been deleted');",
    ].join('\n');
    const found = englishMessages('sample.ts', sample);
    expect(found.map((f) => f.text)).toEqual([
      'Task was not found.',
      'Already done',
      'Step  refused',
      'must be in the future',
      'lowercase letters only',
      '冲突：the plan has been deleted',
    ]);
  });
});
