import type { ComponentProps } from "react";
import styles from "./page-main.module.css";

/** A page's main column, with the page's margins (none when printed). */
export function PageMain(props: Omit<ComponentProps<"main">, "className">) {
  return <main {...props} className={styles.main} />;
}
