/** A table's column headers, each scoped for screen readers. */
export function TableHead({ columns, className = "bg-slate-50" }: { columns: string[]; className?: string }) {
  return (
    <thead className={className}>
      <tr>
        {columns.map((c) => (
          <th key={c} scope="col">
            {c}
          </th>
        ))}
      </tr>
    </thead>
  );
}
