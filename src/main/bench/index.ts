process.stdout.write('bench: not yet written\n');
