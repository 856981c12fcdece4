import { createSignal, For } from 'solid-js';

/**
 * A list of short names as removable chips, with a box to add more (Enter or
 * comma adds; Backspace in an empty box removes the last one).
 */
export function ChipsInput(props: {
  label: string;
  values: string[];
  onChange: (values: string[]) => void;
  placeholder?: string;
  normalize?: (raw: string) => string;
}) {
  const [draft, setDraft] = createSignal('');
  const norm = (raw: string) => (props.normalize ? props.normalize(raw) : raw.trim());

  const add = () => {
    const parts = draft()
      .split(/[,\s]+/)
      .map(norm)
      .filter((v) => v && !props.values.includes(v));
    if (parts.length > 0) props.onChange([...props.values, ...new Set(parts)]);
    setDraft('');
  };

  return (
    <div class="chips-input">
      <ul class="chips" aria-label={props.label}>
        <For each={props.values}>
          {(value) => (
            <li class="chip">
              {value}
              <button
                type="button"
                aria-label={`Remove ${value}`}
                onClick={() => props.onChange(props.values.filter((v) => v !== value))}
              >
                ×
              </button>
            </li>
          )}
        </For>
      </ul>
      <input
        aria-label={`Add to ${props.label}`}
        placeholder={props.placeholder}
        value={draft()}
        onInput={(e) => setDraft(e.currentTarget.value)}
        onBlur={add}
        onKeyDown={(e) => {
          if (e.key === 'Enter' || e.key === ',') {
            e.preventDefault();
            add();
          } else if (e.key === 'Backspace' && draft() === '' && props.values.length > 0) {
            props.onChange(props.values.slice(0, -1));
          }
        }}
      />
    </div>
  );
}
