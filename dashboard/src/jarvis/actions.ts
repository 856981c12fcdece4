// A person's decision on an action Jarvis proposed. Approving runs it (the
// approval is the confirmation a stack container asks for) and records the
// outcome; rejecting leaves everything as it is. Both are noted in the
// conversation, so the model knows on the next turn.
import type { JarvisStore } from './store.ts';
import type { JarvisTool } from './tools.ts';
import type { AiAction } from './types.ts';

const RESULT_NOTE_CHARS = 2_000;

export function createActionDecisions(store: JarvisStore, tools: JarvisTool[]) {
  const byName = new Map(tools.map((t) => [t.name, t]));

  return {
    async approve(id: string, by: string): Promise<AiAction> {
      const approved = await store.approve(id, by);
      const note = (text: string) => ({
        role: 'user' as const,
        content: text,
        toolCallId: approved.toolCallId,
      });
      const tool = byName.get(approved.tool);
      if (!tool || tool.kind !== 'action') {
        const error = `the tool ${approved.tool} is not available any more`;
        const { action } = await store.finish(
          id,
          { status: 'failed', error },
          note(`I approved "${approved.summary}", but it failed: ${error}.`),
        );
        return action;
      }
      await store.markRunning(id);
      try {
        const args = tool.args.parse(approved.arguments);
        const { result, jobId } = await tool.execute(args, by);
        const text = JSON.stringify(result);
        const { action } = await store.finish(
          id,
          { status: 'succeeded', result, jobId },
          note(
            `I approved "${approved.summary}" and it was done. Result: ` +
              (text.length > RESULT_NOTE_CHARS ? `${text.slice(0, RESULT_NOTE_CHARS)}…` : text),
          ),
        );
        return action;
      } catch (err) {
        const error = err instanceof Error ? err.message : String(err);
        const { action } = await store.finish(
          id,
          { status: 'failed', error },
          note(`I approved "${approved.summary}", but it failed: ${error}`),
        );
        return action;
      }
    },

    async reject(id: string, by: string): Promise<AiAction> {
      const rejected = await store.reject(id, by, (a) => ({
        role: 'user',
        content: `I rejected "${a.summary}": do not do it.`,
        toolCallId: a.toolCallId,
      }));
      if (!rejected) throw await store.decided(id);
      return rejected;
    },
  };
}

export type ActionDecisions = ReturnType<typeof createActionDecisions>;
