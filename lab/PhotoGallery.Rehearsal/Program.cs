// The lead replaces this with the rehearsal's command line.
return 0;
