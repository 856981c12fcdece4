import { describe, expect, it } from 'vitest';
import { parseYamlSubset, YamlSubsetError } from './yaml-subset.ts';

describe('parseYamlSubset', () => {
  it('reads nested mappings, sequences, flow sequences and quoted scalars', () => {
    const doc = parseYamlSubset(
      [
        '# a comment',
        'services:',
        '  app:',
        "    test: ['CMD', 'it''s', \"x # y\"] # trailing",
        '    volumes:',
        '      - ./a.conf:/etc/a.conf:ro',
        '      - data:/data',
        '    url: postgres://u:${P:?set P}@db:5432/u',
        '    empty: {}',
        '    list:',
        '    - same-level',
        '    nothing:',
      ].join('\n'),
    );
    expect(doc).toEqual({
      services: {
        app: {
          test: ['CMD', "it's", 'x # y'],
          volumes: ['./a.conf:/etc/a.conf:ro', 'data:/data'],
          url: 'postgres://u:${P:?set P}@db:5432/u',
          empty: {},
          list: ['same-level'],
          nothing: null,
        },
      },
    });
  });

  it('reads `- key: value` items as mappings', () => {
    expect(parseYamlSubset('items:\n  - name: a\n    port: 1\n  - b\n')).toEqual({
      items: [{ name: 'a', port: '1' }, 'b'],
    });
  });

  it('refuses what it does not understand instead of misreading it', () => {
    expect(() => parseYamlSubset('a: &anchor x')).toThrow(YamlSubsetError);
    expect(() => parseYamlSubset('a: |\n  text')).toThrow(/line 1/);
    expect(() => parseYamlSubset('a: [1,\n  2]')).toThrow(/multi-line/);
    expect(() => parseYamlSubset('a: 1\na: 2')).toThrow(/duplicate key a/);
    expect(() => parseYamlSubset('a: 1\n    b: 2')).toThrow(/indentation/);
  });
});
