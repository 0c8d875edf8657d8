# shellcheck shell=bash
# The MariaDB/MySQL client: a password at its echo-off prompt, statements over several lines.
DESCRIPTION="The mysql client (MariaDB 10.11) started from bash against a local server: mysql -u rec -p recdb asks 'Enter password: ' with echo off (a secret), then a create table spread over three lines at the '    -> ' prompt, an insert, a select over three lines ended by \\G (vertical output), a string left open over two lines at the '    \"> ' prompt, and quit. Each typed line is a program input of mysql and of the shell command that started it; the password is only a secret"
WIDTH=80
HEIGHT=24
HARD_CASES=(mysql-password-prompt mysql-prompt mysql-multiline-statement mysql-continuation-prompt mysql-vertical-output mysql-open-quote-prompt)
SECRETS=("sql-Pass-31")
PROGRAM_INPUTS=(
  "@mysql -u rec -p recdb"
  "mysql|create table t ("
  "mysql|  id int,"
  "mysql|  name varchar(20));"
  "mysql|insert into t values (1, 'ann'), (2, 'bob');"
  "mysql|select name"
  "mysql|from t"
  "mysql|where id = 2\\G"
  "mysql|select \"two"
  "mysql|lines\" as s;"
  "mysql|quit"
)
NOT_COMMANDS=("${SECRETS[@]}")
for _p in "${PROGRAM_INPUTS[@]}"; do [[ $_p == @* ]] || NOT_COMMANDS+=("${_p#*|}"); done
unset _p

setup() {
  service mariadb start >/dev/null
  mariadb -u root <<'SQL'
DROP DATABASE IF EXISTS recdb;
CREATE DATABASE recdb;
CREATE OR REPLACE USER 'rec'@'localhost' IDENTIFIED BY 'sql-Pass-31';
GRANT ALL ON recdb.* TO 'rec'@'localhost';
SQL
}

collect() {
  mariadb -u root -e "DROP DATABASE IF EXISTS recdb; DROP USER IF EXISTS 'rec'@'localhost';" || true
  service mariadb stop >/dev/null || true
}

keys() {
  cmd "mysql -u rec -p recdb" 0.5
  pause 0.6
  typ "sql-Pass-31"
  enter 1.0
  cmd "create table t ("
  cmd "  id int,"
  cmd "  name varchar(20));"
  cmd "insert into t values (1, 'ann'), (2, 'bob');"
  cmd "select name"
  cmd "from t"
  cmd "where id = 2\\G"
  cmd "select \"two"
  cmd "lines\" as s;"
  cmd "quit" 0.5
  cmd "echo mysql done"
  cmd "exit"
}
