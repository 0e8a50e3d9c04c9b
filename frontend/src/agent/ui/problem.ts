import { ApiError } from "../../shared/api/client";

/** The text to show for a failed request: the problem's detail, or each field's error. */
export function problemText(error: unknown): string {
  if (error instanceof ApiError) {
    const fields = error.problem.errors?.map((e) => `${e.loc.slice(1).join(".")}: ${e.msg}`);
    return fields?.length ? fields.join("; ") : error.message;
  }
  return error instanceof Error ? error.message : String(error);
}
