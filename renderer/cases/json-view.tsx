// Readable, collapsible JSON for `result` and structured `knowledge`.
// Everything is text nodes: values from Offload are never markup.

export interface JsonViewProps {
  value: unknown;
  /** The heading of the outermost fold. */
  label: string;
}

function summary(value: object): string {
  if (Array.isArray(value)) {
    return `[${value.length} ${value.length === 1 ? 'item' : 'items'}]`;
  }
  const keys = Object.keys(value).length;
  return `{${keys} ${keys === 1 ? 'field' : 'fields'}}`;
}

function Scalar({ value }: { value: unknown }) {
  if (typeof value === 'string') {
    return <span className="json-string">{JSON.stringify(value)}</span>;
  }
  return <span className="json-scalar">{String(value)}</span>;
}

function JsonNode({ name, value }: { name: string; value: unknown }) {
  if (value === null || typeof value !== 'object') {
    return (
      <li>
        <span className="json-key">{name}: </span>
        <Scalar value={value} />
      </li>
    );
  }
  const entries = Array.isArray(value)
    ? value.map((inner, index) => [String(index), inner] as const)
    : Object.entries(value);
  return (
    <li>
      <details open>
        <summary>
          <span className="json-key">{name}</span>{' '}
          <span className="muted">{summary(value)}</span>
        </summary>
        <ul className="json-children">
          {entries.map(([key, inner]) => (
            <JsonNode key={key} name={key} value={inner} />
          ))}
        </ul>
      </details>
    </li>
  );
}

/** A JSON value as nested, foldable lists. */
export function JsonView({ value, label }: JsonViewProps) {
  return (
    <ul className="json-view mono">
      <JsonNode name={label} value={value} />
    </ul>
  );
}
