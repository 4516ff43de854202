/** Something wrong (an error: the base is refused) or doubtful (a warning) in a knowledge file. */
export interface Problem {
  severity: "error" | "warning";
  /** Path relative to the knowledge directory, as maintainers see it. */
  file: string;
  line?: number;
  column?: number;
  message: string;
}

/** `file:line:column: error: message`, the form editors and terminals make clickable. */
export function formatProblem(problem: Problem): string {
  const where = [problem.file, problem.line, problem.column].filter((p) => p !== undefined);
  return `${where.join(":")}: ${problem.severity}: ${problem.message}`;
}

export const hasErrors = (problems: Problem[]): boolean =>
  problems.some((p) => p.severity === "error");
