// Preloaded into every emulator (node --require ./exit-with-parent.js ...): the .NET process that starts an
// emulator holds its standard input open, so when that process ends, even killed, the emulator ends too
// and no server is left behind.
process.stdin.on('end', () => process.exit(0));
process.stdin.on('error', () => process.exit(0));
process.stdin.resume();
