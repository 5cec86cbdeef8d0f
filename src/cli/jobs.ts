// `npm run jobs -- [state]` lists jobs in a state (default: failed); `npm run jobs -- rerun <name> <id>` runs a failed job again.
import { JobQueue, JOB_STATES, type JobState } from '../platform/jobs/queue.js';
import { formatDateTimeVN } from '../platform/text.js';
import { runCli } from './common.js';

const [command = 'failed', ...rest] = process.argv.slice(2);
const usage = `Usage: npm run jobs -- [${JOB_STATES.join('|')}]   or   npm run jobs -- rerun <job name> <job id>\n`;

await runCli(async ({ database, logger }) => {
  const queue = new JobQueue(database, logger);
  if (command === 'rerun') {
    const [name, id] = rest;
    if (name === undefined || id === undefined) {
      process.stderr.write(usage);
      process.exitCode = 2;
      return;
    }
    const done = await queue.retry(name, id);
    process.stdout.write(done ? `Job ${id} will run again.\n` : `No failed job ${id} in ${name}.\n`);
    if (!done) process.exitCode = 1;
    return;
  }
  if (!(JOB_STATES as readonly string[]).includes(command)) {
    process.stderr.write(usage);
    process.exitCode = 2;
    return;
  }
  const jobs = await queue.listJobs(command as JobState);
  if (jobs.length === 0) {
    process.stdout.write(`No ${command} jobs.\n`);
    return;
  }
  for (const job of jobs) {
    const error =
      job.output !== null && typeof job.output === 'object' && 'message' in job.output
        ? String(job.output.message)
        : '';
    process.stdout.write(
      `${formatDateTimeVN(job.createdOn)}  ${job.name.padEnd(24)} ${job.id}  attempts ${job.retryCount + 1}/${job.retryLimit + 1}  ${error}\n`,
    );
  }
});
