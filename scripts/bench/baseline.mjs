// The two baselines of scripts/bench-flag, as SQL in DuckDB: what offices do today.
//   node baseline.mjs id|name DIR OUT.csv AS_OF
// DIR holds hukou.csv and roster.csv with canonical headers (bx-convert --canonical).
//   id:   a school-age registry child is flagged when no in-school roster row has its ID;
//   name: ... when no in-school roster row has its ID, nor its name, birth date and sex.
import { DuckDBInstance } from '@duckdb/node-api';

const [kind, dir, out, asOf] = process.argv.slice(2);
const cutoff = `${asOf.slice(0, 4)}-08-31`;
const db = await DuckDBInstance.create(':memory:');
const sql = await db.connect();
const inSchool = "('在读','在校','在籍','正常','复学','转入','借读','送教上门','毕业')";
const cleanId = (c) => `upper(replace(replace(trim(${c}), ' ', ''), '''', ''))`;
const parseDate = (c) => `coalesce(try_strptime(${c}, '%Y%m%d'), try_strptime(${c}, '%Y-%m-%d'),
                                   try_strptime(${c}, '%Y/%m/%d'), try_strptime(${c}, '%Y.%m.%d'),
                                   try_strptime(${c}, '%Y年%m月%d日'))::DATE`;
const sexOf = (c) => `CASE WHEN ${c} IN ('男','1','M') THEN 'M' WHEN ${c} IN ('女','2','F') THEN 'F' END`;
const nameMatch = kind === 'name'
  ? `OR EXISTS (SELECT 1 FROM roster r WHERE r.name = c.name AND r.birth = c.birth AND r.sex = c.sex)`
  : '';
await sql.run(`
  CREATE TABLE registry AS
    SELECT row_number() OVER () AS registry_row, ${cleanId('id')} AS id, trim(name) AS name,
           coalesce(${parseDate('birth')},
                    CASE WHEN length(${cleanId('id')}) = 18 THEN try_strptime(substr(${cleanId('id')}, 7, 8), '%Y%m%d')::DATE END) AS birth,
           ${sexOf('sex')} AS sex
    FROM read_csv('${dir}/hukou.csv', all_varchar = true, header = true);
  CREATE TABLE roster AS
    SELECT ${cleanId('id')} AS id, replace(trim(name), ' ', '') AS name, ${parseDate('birth')} AS birth,
           ${sexOf('sex')} AS sex
    FROM read_csv('${dir}/roster.csv', all_varchar = true, header = true)
    WHERE trim(status) IN ${inSchool};
  COPY (
    SELECT c.registry_row FROM registry c
    WHERE date_sub('year', c.birth, DATE '${cutoff}') BETWEEN 6 AND 15
      AND NOT (EXISTS (SELECT 1 FROM roster r WHERE r.id = c.id) ${nameMatch})
    ORDER BY c.registry_row
  ) TO '${out}' (HEADER, DELIMITER ',');
`);
