"""Trino SQL (as Athena runs it) -> DuckDB SQL, for the local Athena stand-in.

Reads {"sql", "database", "table", "partitions"} as JSON on stdin and writes
{"duckdb", "partitionWhere"} or {"error"} (Athena's error names) on stdout.
The table named in FROM must be the configured one (database.table, or the
table in the query's database); it becomes `ct`. The top-level conjuncts of
WHERE that name only partition columns are returned apart, so the stand-in
reads only the partitions they select, as Athena does.
"""
import json
import sys

import sqlglot
from sqlglot import exp


def conjuncts(node):
    if isinstance(node, exp.And):
        return conjuncts(node.left) + conjuncts(node.right)
    if isinstance(node, exp.Paren):
        inner = node.this
        if isinstance(inner, exp.And):
            return conjuncts(inner)
    return [node]


def main():
    request = json.load(sys.stdin)
    try:
        tree = sqlglot.parse_one(request["sql"], read="trino")
    except sqlglot.errors.ParseError as error:
        print(json.dumps({"error": f"SYNTAX_ERROR: {error}"}))
        return
    if not isinstance(tree, exp.Select):
        print(json.dumps({"error": "NOT_SUPPORTED: only SELECT queries are run here"}))
        return
    tables = list(tree.find_all(exp.Table))
    if len(tables) != 1:
        print(json.dumps({"error": "NOT_SUPPORTED: one table per query"}))
        return
    table = tables[0]
    database = table.text("db") or request["database"]
    if database.lower() != request["database"].lower() or table.name.lower() != request["table"].lower():
        name = f"awsdatacatalog.{database}.{table.name}"
        print(json.dumps({"error": f"TABLE_NOT_FOUND: line 1:1: Table '{name}' does not exist"}))
        return
    table.replace(exp.to_table("ct"))

    partitions = {p.lower() for p in request["partitions"]}
    partition_parts = []
    where = tree.args.get("where")
    if where is not None:
        for part in conjuncts(where.this):
            names = {c.name.lower() for c in part.find_all(exp.Column)}
            if names and names <= partitions:
                partition_parts.append(part.sql(dialect="duckdb"))
    print(
        json.dumps(
            {
                "duckdb": tree.sql(dialect="duckdb"),
                "partitionWhere": " AND ".join(f"({p})" for p in partition_parts) or None,
            }
        )
    )


main()
