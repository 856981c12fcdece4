// What an AI analysis of a text (container logs, an uploaded config or compose
// file) gives back, and the small interface features use to ask for one. The
// OpenAI-backed implementation lives beside this file; artifacts and log
// analysis code against the interface only.
export type AnalysisKind = 'logs' | 'config' | 'compose' | 'text';

export interface AnalysisFinding {
  severity: 'error' | 'warning' | 'info';
  title: string;
  detail: string;
  /** The model's best guess at the cause, or null when it has none. */
  likelyCause: string | null;
}

export interface TextAnalysis {
  summary: string;
  findings: AnalysisFinding[];
  /** The model that wrote it. */
  model: string;
}

export interface AnalysisInput {
  kind: AnalysisKind;
  /** A file or container name, shown to the model for context. */
  name: string;
  /** Cut to the model's budget by the analyzer (the newest lines kept for logs). */
  text: string;
}

export interface TextAnalyzer {
  /** False when no AI is configured; analyze() then throws a DomainError 'not_configured'. */
  readonly configured: boolean;
  analyze(input: AnalysisInput, signal: AbortSignal): Promise<TextAnalysis>;
}
