import { createSignal } from 'solid-js';
import { FactsBrowser } from '../components/facts-browser.tsx';
import { GeneratePreview } from '../components/generate-preview.tsx';

/** /trigger: make a fact on demand and look through the stored ones. */
export function TriggerPage() {
  const [generated, setGenerated] = createSignal(0);
  return (
    <>
      <GeneratePreview onGenerated={() => setGenerated(generated() + 1)} />
      <FactsBrowser refreshKey={generated()} />
    </>
  );
}
