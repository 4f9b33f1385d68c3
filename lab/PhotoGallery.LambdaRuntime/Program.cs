// Part A replaces this with the runtime client.
return 0;
