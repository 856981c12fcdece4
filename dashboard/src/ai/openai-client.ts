// The one way the dashboard reaches a language model: the official openai SDK,
// pointed at OPENAI_BASE_URL when set (any OpenAI-compatible server works).
// Also what the status route may say about it: never the key itself.
import OpenAI from 'openai';
import type { Config } from '../config.ts';
import { DomainError } from '../domain/errors.ts';

export type AiConfig = Config['ai'];

export const NOT_CONFIGURED =
  'no AI is configured: set OPENAI_API_KEY (and OPENAI_BASE_URL for an OpenAI-compatible ' +
  'server of your own, JARVIS_MODEL for another model than gpt-4o-mini)';

export function isConfigured(config: AiConfig): boolean {
  return config.apiKey !== undefined;
}

export function notConfigured(): DomainError {
  return new DomainError('not_configured', NOT_CONFIGURED);
}

/** The SDK client; the caller retries as it sees fit, so the SDK does not. */
export function createOpenAiClient(config: AiConfig): OpenAI {
  if (!isConfigured(config)) throw notConfigured();
  return new OpenAI({
    apiKey: config.apiKey,
    ...(config.baseUrl ? { baseURL: config.baseUrl } : {}),
    timeout: config.timeoutMs,
    maxRetries: 0,
  });
}

export interface AiStatus {
  configured: boolean;
  model: string;
  analysisModel: string;
  /** The API's host (api.openai.com unless OPENAI_BASE_URL says otherwise). */
  baseUrlHost: string;
  /** What to set, when not configured. */
  hint: string | null;
}

export function aiStatus(config: AiConfig): AiStatus {
  return {
    configured: isConfigured(config),
    model: config.model,
    analysisModel: config.analysisModel,
    baseUrlHost: config.baseUrl ? new URL(config.baseUrl).host : 'api.openai.com',
    hint: isConfigured(config) ? null : NOT_CONFIGURED,
  };
}

/** An SDK failure as a DomainError a person can act on (the key never appears in it). */
export function aiFailure(err: unknown, timeoutMs: number): unknown {
  if (err instanceof DomainError) return err;
  if (err instanceof OpenAI.APIConnectionTimeoutError) {
    return new DomainError('unavailable', `the AI did not answer within ${timeoutMs} ms`, {
      cause: err,
    });
  }
  if (err instanceof OpenAI.APIUserAbortError) return err;
  if (err instanceof OpenAI.APIError) {
    const status = err.status === undefined ? '' : ` (${err.status})`;
    return new DomainError('unavailable', `the AI refused the request${status}: ${err.message}`, {
      cause: err,
    });
  }
  return err;
}

export interface AiCheck {
  reachable: boolean;
  /** Whether the API lists JARVIS_MODEL (null when it could not be asked). */
  modelListed: boolean | null;
  error: string | null;
}

/** Asks the API for its models: is it there, does the key work, does it have the model? */
export async function checkAi(config: AiConfig, timeoutMs = 5_000): Promise<AiCheck> {
  try {
    const client = createOpenAiClient({ ...config, timeoutMs });
    const ids: string[] = [];
    for await (const model of client.models.list()) ids.push(model.id);
    return { reachable: true, modelListed: ids.includes(config.model), error: null };
  } catch (err) {
    const failure = aiFailure(err, timeoutMs);
    const error = failure instanceof Error ? failure.message : String(failure);
    return { reachable: false, modelListed: null, error };
  }
}
