import "server-only";
import type PgBoss from "pg-boss";
import type { Tx } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { log } from "@/lib/log";
import { createBoss, onTransaction } from "./boss";
import { JOB_SCHEMA, type JobName } from "./queues";

/** A sending-only pg-boss for this process (no polling, no maintenance), started on first use. */
let sender: Promise<PgBoss> | undefined;

function getSender(): Promise<PgBoss> {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is not set");
  sender ??= (async () => {
    const boss = createBoss(url, "sender");
    boss.on("error", (error) => log.error({ error: error.message }, "job queue error"));
    await boss.start();
    return boss;
  })().catch((error: unknown) => {
    sender = undefined;
    throw error;
  });
  return sender;
}

/**
 * Queues a job. Null when the queue already holds one waiting with the same key (stately queues): the
 * waiting job does the same work. Jobs whose work differs by payload pass a `key` naming that work (a
 * settings kind), so a waiting job for one kind never swallows a request for another. Callers enqueue
 * after their own transaction commits, so the job sees what they wrote.
 */
export async function enqueueJob(name: JobName, data: Record<string, unknown> = {}, key?: string): Promise<string | null> {
  return (await getSender()).send(name, data, key ? { singletonKey: key } : {});
}

/**
 * Queues a job inside the caller's transaction (pg-boss's `db` option: its insert runs on the
 * transaction's connection), so the job exists exactly when the caller's writes commit: a change whose
 * follow-up work must not be lost commits with it, or not at all. Null as enqueueJob, when a job with the
 * same key already waits: that job stands for this one only if it runs after the caller's writes commit, so
 * it is row-locked first, until the transaction ends (the worker skips locked jobs and takes it after).
 */
export async function enqueueJobInTransaction(tx: Tx, name: JobName, data: Record<string, unknown>, key?: string): Promise<string | null> {
  await tx.$queryRaw`SELECT id::text FROM ${Prisma.raw(`${JOB_SCHEMA}.job`)}
    WHERE name = ${name} AND COALESCE(singleton_key, '') = ${key ?? ""} AND state = 'created' FOR UPDATE`;
  return (await getSender()).send(name, data, { ...(key ? { singletonKey: key } : {}), db: onTransaction(tx) });
}

/** Closes this process's sender (tests, scripts that exit). */
export async function stopJobSender(): Promise<void> {
  const current = sender;
  sender = undefined;
  if (current) await (await current).stop({ graceful: false, wait: true });
}
