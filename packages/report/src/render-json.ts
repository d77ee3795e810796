/** The report model as JSON text (the model is plain JSON: this is the lossless format). */
import type { ReportModel } from './model';

/** Render `model` as indented JSON, ending with a newline. `JSON.parse` of it equals the model. */
export function renderJson(model: ReportModel): string {
  return `${JSON.stringify(model, null, 2)}\n`;
}
