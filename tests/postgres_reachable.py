"""Exit 0 when the PostgreSQL server of the URL given answers, 1 otherwise (used by make test)."""

import sys

import psycopg
from sqlalchemy.engine import make_url


def main(url: str) -> int:
    parsed = make_url(url)
    try:
        psycopg.connect(
            host=parsed.host or "127.0.0.1",
            port=parsed.port or 5432,
            user=parsed.username or "postgres",
            password=parsed.password,
            dbname=parsed.database or "postgres",
            connect_timeout=3,
        ).close()
    except psycopg.Error:
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
