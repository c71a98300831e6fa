#!/usr/bin/perl
# Sisimai (Debian's libsisimai-perl) over the same in-memory bounce files as benches/bounces.rs,
# repeated until at least 5 seconds have passed. Usage: perl benches/sisimai.pl CORPUS_BOUNCES_DIR
use strict;
use warnings;
use Time::HiRes qw(time);
use Sisimai;
use Sisimai::Message;
use Sisimai::Data;

my $root = shift or die "usage: $0 CORPUS_BOUNCES_DIR\n";
my @texts;
for my $folder (qw(bsd dos mac not)) {
    for my $file (glob("$root/$folder/*")) {
        open(my $fh, '<:raw', $file) or next;
        local $/;
        push @texts, scalar <$fh>;
        close $fh;
    }
}
die "no files under $root\n" unless @texts;
my $bytes = 0; $bytes += length($_) for @texts;
my ($rounds, $recipients, $start) = (0, 0, time);
while (time - $start < 5) {
    for my $text (@texts) {
        my $mesg = Sisimai::Message->new('data' => $text) or next;
        my $data = Sisimai::Data->make('data' => $mesg) || [];
        $recipients += scalar @$data;
    }
    $rounds++;
}
my $secs = time - $start;
printf "sisimai %s: %d files, %d rounds in %.2f s: %.0f messages/s, %.1f MB/s (%d recipients per round)\n",
    Sisimai->version, scalar @texts, $rounds, $secs, @texts * $rounds / $secs, $bytes * $rounds / $secs / 1e6,
    $recipients / $rounds;
