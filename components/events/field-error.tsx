import styles from "./field-error.module.css";

/** The attributes of an input the server would refuse (`message`: why), tying it to its message. */
export function invalidProps(name: string, message: string | undefined) {
  return message
    ? { "aria-invalid": true as const, "aria-describedby": `${name}-error` }
    : { "aria-invalid": undefined, "aria-describedby": undefined };
}

/** Why a field's value is refused, under it, in the page's words. */
export function FieldError({ name, message }: { name: string; message: string | undefined }) {
  if (!message) return null;
  return (
    <span id={`${name}-error`} className={styles.error} data-testid={`field-error-${name}`}>
      {message}
    </span>
  );
}
