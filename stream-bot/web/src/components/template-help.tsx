const PLACEHOLDERS: [string, string][] = [
  ['{user}', 'display name of the viewer who typed the command'],
  ['{touser}', 'the first word after the command without "@", or the viewer'],
  ['{count}', 'how often this command has run, this time included'],
  ['{random}', 'a random number from 1 to 100'],
  ['{random:a-b}', 'a random number from a to b, e.g. {random:1-6}'],
  ['{args}', 'everything typed after the command'],
  ['{1} {2} …', 'the first, second … word after the command'],
  ['{channel}', 'the channel the command ran in'],
];

/** The placeholders a command's response can use. */
export function TemplateHelp() {
  return (
    <details class="help">
      <summary>Placeholders you can use</summary>
      <table>
        <thead>
          <tr>
            <th scope="col">Placeholder</th>
            <th scope="col">Becomes</th>
          </tr>
        </thead>
        <tbody>
          {PLACEHOLDERS.map(([name, meaning]) => (
            <tr>
              <td>
                <code>{name}</code>
              </td>
              <td>{meaning}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p class="muted small">
        Example: <code>{'{user} hugs {touser}! That is hug number {count}.'}</code>
      </p>
    </details>
  );
}
