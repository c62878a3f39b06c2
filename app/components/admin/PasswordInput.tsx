/** A password field of the admin area: named for screen readers, filled by password managers. */
export function PasswordInput({
  label,
  value,
  onChange,
  fresh = false,
  ...rest
}: {
  label: string;
  value: string;
  onChange(value: string): void;
  /** a new password (autocomplete suggests one), not the current one */
  fresh?: boolean;
  id?: string;
  placeholder?: string;
  minLength?: number;
}) {
  return (
    <input
      {...rest}
      aria-label={label}
      type="password"
      autoComplete={fresh ? "new-password" : "current-password"}
      value={value}
      onChange={(e) => onChange(e.target.value)}
    />
  );
}
