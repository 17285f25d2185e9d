/** The keys of the till, always in view: a counter runs on the keyboard and the scanner. */
export function KeyboardHelp() {
  const keys: [string, string][] = [
    ['Enter', 'add the scanned or typed book'],
    ['+ / −', 'one more / one fewer of the last book'],
    ['F8', 'pay cash'],
    ['F9', 'pay by card'],
    ['Esc', 'clear the field / close a dialog'],
    ['P', 'print the receipt'],
    ['F3', 'stocktake (F2 comes back to the till)'],
    ['Tab', 'move between buttons'],
  ];
  return (
    <section className="keys" aria-label="Keyboard">
      <h2 className="keys-title">Keys</h2>
      <dl className="keys-list">
        {keys.map(([key, action]) => (
          <div key={key} className="keys-row">
            <dt>
              <kbd>{key}</kbd>
            </dt>
            <dd>{action}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
