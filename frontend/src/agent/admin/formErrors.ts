// A failed write as a form shows it: each field's message next to the field, the rest
// (a conflict, a permission problem) above the buttons.
import { ApiError } from "../../shared/api/client";
import { problemText } from "../ui/problem";

export interface FormErrors {
  fields: Record<string, string>;
  general: string | null;
}

export const NO_ERRORS: FormErrors = { fields: {}, general: null };

/**
 * Split a problem into field errors (by `errors[].loc`, without its leading `body`) and
 * a general message. `conflicts` names the field a problem type belongs to, for the
 * answers that carry no `loc` (e.g. `email-taken` → `email`).
 */
export function formErrors(error: unknown, conflicts: Record<string, string> = {}): FormErrors {
  if (!(error instanceof ApiError)) return { fields: {}, general: problemText(error) };
  const fields: Record<string, string> = {};
  const rest: string[] = [];
  for (const item of error.problem.errors ?? []) {
    const path = item.loc[0] === "body" ? item.loc.slice(1) : item.loc;
    const field = path.length ? String(path[0]) : null;
    if (field && !(field in fields)) fields[field] = item.msg;
    else rest.push(item.msg);
  }
  const slug = error.problem.type?.split("/").pop() ?? "";
  const conflictField = conflicts[slug];
  if (conflictField) fields[conflictField] = error.message;
  else if (!Object.keys(fields).length || rest.length) rest.unshift(error.message);
  return { fields, general: rest.length ? rest.join(" ") : null };
}
