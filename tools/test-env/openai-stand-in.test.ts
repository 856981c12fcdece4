// The OpenAI stand-in as the real openai SDK sees it: tool calls, streamed
// answers (text and tool-call deltas put together by the SDK's own stream
// helper) and the model list.
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lastMessage, startOpenAiStandIn, type OpenAiStandIn } from './openai-stand-in.ts';

let standIn: OpenAiStandIn;
let client: OpenAI;
const tools: OpenAI.ChatCompletionTool[] = [
  {
    type: 'function',
    function: {
      name: 'get_weather',
      description: 'the weather in a city',
      parameters: { type: 'object', properties: { city: { type: 'string' } } },
    },
  },
];

beforeAll(async () => {
  standIn = await startOpenAiStandIn({ apiKey: 'sk-stand-in' });
  client = new OpenAI({ apiKey: 'sk-stand-in', baseURL: standIn.baseUrl, maxRetries: 0 });
});
afterAll(() => standIn.close());

describe('the OpenAI stand-in', () => {
  it('answers with tool calls, then with text from the tool result', async () => {
    standIn.setDefault((_n, req) =>
      lastMessage(req)?.role === 'tool'
        ? `It is ${JSON.parse(lastMessage(req)!.content).sky}.`
        : { toolCalls: [{ name: 'get_weather', arguments: { city: 'Oslo' } }] },
    );
    const messages: OpenAI.ChatCompletionMessageParam[] = [{ role: 'user', content: 'Weather?' }];
    const first = await client.chat.completions.create({ model: 'gpt-4o-mini', messages, tools });
    const choice = first.choices[0]!;
    expect(choice.finish_reason).toBe('tool_calls');
    const call = choice.message.tool_calls![0]! as OpenAI.ChatCompletionMessageFunctionToolCall;
    expect(call.function).toEqual({ name: 'get_weather', arguments: '{"city":"Oslo"}' });
    messages.push(choice.message, {
      role: 'tool',
      tool_call_id: call.id,
      content: '{"sky":"clear"}',
    });
    const second = await client.chat.completions.create({ model: 'gpt-4o-mini', messages, tools });
    expect(second.choices[0]?.message.content).toBe('It is clear.');
    expect(standIn.requests.at(-1)?.messages[1]).toMatchObject({
      role: 'assistant',
      content: '',
      tool_calls: [call],
    });
    expect(standIn.requests.at(-1)?.tools?.[0]?.function.name).toBe('get_weather');
  });

  it('streams text and tool calls as chat.completion.chunk events the SDK puts together', async () => {
    standIn.answer('Streaming works in several small pieces.', {
      content: 'Let me look.',
      toolCalls: [
        { name: 'get_weather', arguments: { city: 'Bergen, Norway' } },
        { name: 'get_weather', arguments: { city: 'Oslo' }, id: 'call_fixed' },
      ],
    });
    const stream = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'hi' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    const pieces: string[] = [];
    let usage: unknown;
    for await (const chunk of stream) {
      const text = chunk.choices[0]?.delta.content;
      if (text) pieces.push(text);
      if (chunk.usage) usage = chunk.usage;
    }
    expect(pieces.length).toBeGreaterThan(1);
    expect(pieces.join('')).toBe('Streaming works in several small pieces.');
    expect(usage).toMatchObject({ total_tokens: 20 });

    const runner = client.chat.completions.stream({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'weather in two cities' }],
      tools,
    });
    const done = await runner.finalChatCompletion();
    expect(done.choices[0]?.finish_reason).toBe('tool_calls');
    expect(done.choices[0]?.message.content).toBe('Let me look.');
    const calls = done.choices[0]!.message
      .tool_calls as OpenAI.ChatCompletionMessageFunctionToolCall[];
    expect(calls.map((c) => [c.id, c.function.name, JSON.parse(c.function.arguments)])).toEqual([
      ['call_standin4_0', 'get_weather', { city: 'Bergen, Norway' }],
      ['call_fixed', 'get_weather', { city: 'Oslo' }],
    ]);
  });

  it('lists its models and refuses another key', async () => {
    const models = [];
    for await (const model of client.models.list()) models.push(model.id);
    expect(models).toEqual(['gpt-4o-mini', 'gpt-4o']);
    const other = new OpenAI({ apiKey: 'sk-wrong', baseURL: standIn.baseUrl, maxRetries: 0 });
    await expect(other.models.list()).rejects.toMatchObject({ status: 401 });
  });

  it('answers a scripted API error before any stream starts', async () => {
    standIn.answer({ status: 429, message: 'Rate limit reached' });
    const asked = client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'hi' }],
      stream: true,
    });
    await expect(asked).rejects.toMatchObject({ status: 429 });
  });
});
