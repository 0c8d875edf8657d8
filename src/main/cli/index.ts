import { run } from './main';

void run(process.argv.slice(2));
