/**
 * Evaluates GitHub Actions expressions (`${{ … }}` templates, `if:` conditions) with
 * @actions/expressions, GitHub's own implementation of the language, against plain-JSON contexts
 * (github, env, runner, inputs, steps, needs, secrets, vars, matrix, job). The status functions
 * (`always()`, `success()`, `failure()`, `cancelled()`) come from the job's status, and a
 * condition is `success()` when empty and `success() && (…)` when it calls no status function
 * (the doc comment of the if-condition conversion in actions/runner
 * src/Sdk/WorkflowParser/Conversion/WorkflowTemplateConverter.cs; the status functions' own
 * semantics per docs.github.com "Status check functions", unverified in the runner source).
 */
import { Evaluator, Lexer, Parser, data } from '@actions/expressions';
import { truthy } from '@actions/expressions/result';

export type JobStatus = 'success' | 'failure' | 'cancelled';

/** Contexts by name; values are plain JSON. */
export type ExpressionContexts = Readonly<Record<string, unknown>>;

const STATUS_FUNCTIONS = ['always', 'success', 'failure', 'cancelled'] as const;

export class ExpressionError extends Error {}

function evaluate(
  expression: string,
  contexts: ExpressionContexts,
  status: JobStatus,
): data.ExpressionData {
  const functions = new Map(
    STATUS_FUNCTIONS.map((name) => [
      name,
      {
        name,
        minArgs: 0,
        maxArgs: 0,
        call: () =>
          new data.BooleanData(
            name === 'always'
              ? true
              : name === 'success'
                ? status === 'success'
                : name === 'failure'
                  ? status === 'failure'
                  : status === 'cancelled',
          ),
      },
    ]),
  );
  try {
    const lexed = new Lexer(expression).lex();
    const parsed = new Parser(lexed.tokens, Object.keys(contexts), [...functions.values()]).parse();
    const dictionary = JSON.parse(JSON.stringify(contexts), data.reviver) as data.Dictionary;
    return new Evaluator(parsed, dictionary, functions).evaluate();
  } catch (error) {
    throw new ExpressionError(
      `Could not evaluate the expression '${expression}': ${(error as Error).message}`,
    );
  }
}

/** Finds the `}}` that closes an expression opened at `start`, skipping '…' string literals. */
function closingBraces(text: string, start: number): number {
  let inString = false;
  for (let i = start; i < text.length - 1; i++) {
    if (text[i] === "'") inString = !inString;
    else if (!inString && text[i] === '}' && text[i + 1] === '}') return i;
  }
  return -1;
}

/** A `${{ … }}` template as a string: each expression evaluated and coerced to a string. */
export function evaluateTemplate(
  text: string,
  contexts: ExpressionContexts,
  status: JobStatus = 'success',
): string {
  let out = '';
  let at = 0;
  for (;;) {
    const open = text.indexOf('${{', at);
    if (open === -1) return out + text.slice(at);
    const close = closingBraces(text, open + 3);
    if (close === -1)
      throw new ExpressionError(`An expression in '${text}' is not closed by '}}'.`);
    out +=
      text.slice(at, open) +
      evaluate(text.slice(open + 3, close).trim(), contexts, status).coerceString();
    at = close + 2;
  }
}

/** Whether an `if:` condition holds: `success() && (…)` unless it calls a status function. */
export function evaluateCondition(
  condition: string | undefined,
  contexts: ExpressionContexts,
  status: JobStatus,
): boolean {
  let expression = (condition ?? '').trim();
  if (expression.startsWith('${{') && expression.endsWith('}}'))
    expression = expression.slice(3, -2).trim();
  if (expression === '') expression = 'success()';
  else if (!/\b(always|success|failure|cancelled)\s*\(/.test(expression))
    expression = `success() && (${expression})`;
  return truthy(evaluate(expression, contexts, status));
}
