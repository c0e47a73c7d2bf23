import type { ComponentProps } from "react";
import styles from "./page-main.module.css";

/** The id of every page's <main>: the skip link's target. */
export const MAIN_ID = "main";

/** A page's main column, with the page's margins (none when printed). */
export function PageMain(props: Omit<ComponentProps<"main">, "className" | "id">) {
  return <main {...props} id={MAIN_ID} tabIndex={-1} className={styles.main} />;
}
