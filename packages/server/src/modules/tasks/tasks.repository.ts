import { and, asc, eq, inArray, lte, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { policyTasks, taskDuties, taskReports } from '../../db/schema/index.ts';

export async function listTaskRows(db: DbOrTx, setCode: string, departmentCode: string | null) {
  return db
    .select()
    .from(policyTasks)
    .where(
      and(
        eq(policyTasks.setCode, setCode),
        departmentCode ? sql`${policyTasks.departmentCodes} @> ARRAY[${departmentCode}]::text[]` : undefined,
      ),
    )
    .orderBy(asc(policyTasks.sortOrder));
}

export async function findTaskRow(db: DbOrTx, setCode: string, code: string) {
  const [row] = await db
    .select()
    .from(policyTasks)
    .where(and(eq(policyTasks.setCode, setCode), eq(policyTasks.code, code)));
  return row;
}

export async function findReportRow(db: DbOrTx, id: string) {
  const [row] = await db.select().from(taskReports).where(eq(taskReports.id, id));
  return row;
}

export async function findReportByKey(
  db: DbOrTx,
  key: { setCode: string; taskCode: string; departmentCode: string; period: string },
) {
  const [row] = await db
    .select()
    .from(taskReports)
    .where(
      and(
        eq(taskReports.setCode, key.setCode),
        eq(taskReports.taskCode, key.taskCode),
        eq(taskReports.departmentCode, key.departmentCode),
        eq(taskReports.period, key.period),
      ),
    );
  return row;
}

export async function listReportRows(
  db: DbOrTx,
  filter: {
    setCode: string;
    taskCode?: string | undefined;
    departmentCode?: string | null | undefined;
    status?: 'submitted' | 'accepted' | 'returned' | undefined;
  },
) {
  return db
    .select()
    .from(taskReports)
    .where(
      and(
        eq(taskReports.setCode, filter.setCode),
        filter.taskCode ? eq(taskReports.taskCode, filter.taskCode) : undefined,
        filter.departmentCode ? eq(taskReports.departmentCode, filter.departmentCode) : undefined,
        filter.status ? eq(taskReports.status, filter.status) : undefined,
      ),
    )
    .orderBy(asc(taskReports.taskCode), asc(taskReports.period), asc(taskReports.departmentCode));
}

export async function listDutyRows(
  db: DbOrTx,
  filter: { setCode: string; departmentCodes: string[] | null; dueBy?: string | undefined },
) {
  return db
    .select()
    .from(taskDuties)
    .where(
      and(
        eq(taskDuties.setCode, filter.setCode),
        filter.departmentCodes ? inArray(taskDuties.departmentCode, filter.departmentCodes) : undefined,
        filter.dueBy ? lte(taskDuties.dueOn, filter.dueBy) : undefined,
      ),
    )
    .orderBy(asc(taskDuties.dueOn), asc(taskDuties.taskCode), asc(taskDuties.departmentCode));
}

export async function findDutyRow(db: DbOrTx, id: string) {
  const [row] = await db.select().from(taskDuties).where(eq(taskDuties.id, id));
  return row;
}
