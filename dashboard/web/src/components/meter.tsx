/** A labelled percentage bar (a native <meter>, so assistive tech reads the value). */
export function Meter(props: { label: string; percent: number; detail?: string }) {
  const level = () => (props.percent >= 90 ? 'bad' : props.percent >= 75 ? 'warn' : 'ok');
  return (
    <div class={`meter meter-${level()}`}>
      <div class="meter-head">
        <span>{props.label}</span>
        <span class="muted">
          {Math.round(props.percent)} %{props.detail ? ` · ${props.detail}` : ''}
        </span>
      </div>
      <meter
        min={0}
        max={100}
        low={75}
        high={90}
        optimum={0}
        value={props.percent}
        aria-label={props.label}
      />
    </div>
  );
}
