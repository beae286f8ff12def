#!/usr/bin/env perl
# The original mediachanged of "Mastering Perl/Tk", chapter 19, rewritten for the tests
# after the book's design (not copied from it): plain IO::Socket, an accept loop that
# forks one child per connection, which reads one line, shows it, writes the operator's
# answer ("Ok" or "Cancel") and a line end back, and closes. Only the Tk dialog is
# replaced, as a test cannot drive a Tk dialog (and Perl/Tk is not installed): the child
# "shows" the message by writing it to DIR/dialog-PID.shown and takes the answer the
# test writes to DIR/dialog-PID.answer. Like the original, it never notices a client
# that has gone: its "dialog" stays until answered.
#
# usage: original-mediachanged.pl --port PORT --dialogs DIR   (PORT 0: any free one)
use strict;
use warnings;
use IO::Socket;

my %opt = @ARGV;
my $port = $opt{'--port'} // 8979;
my $dir = $opt{'--dialogs'} // die "mediachanged: --dialogs DIR missing\n";

$SIG{CHLD} = 'IGNORE';    # the children are not waited for
my $server = IO::Socket::INET->new(Proto => 'tcp', LocalAddr => '127.0.0.1', LocalPort => $port,
    Listen => SOMAXCONN, Reuse => 1) or die "mediachanged: can't setup server: $!\n";
$| = 1;
print "listening on 127.0.0.1 port ", $server->sockport, "\n";

while (1) {
    my $client = $server->accept or next;
    my $pid = fork;
    die "mediachanged: can't fork: $!\n" unless defined $pid;
    if ($pid) {
        close $client;
        next;
    }
    close $server;
    $client->autoflush(1);
    my $msg = <$client>;
    exit 0 unless defined $msg;
    $msg =~ s/\r?\n\z//;
    my $reply = dialog($msg);
    print $client "$reply\n";
    close $client;
    exit 0;
}

# Stands in for $mw->Dialog(-text => $msg, -buttons => ['Ok', 'Cancel'])->Show.
sub dialog {
    my ($msg) = @_;
    my $parent = getppid;
    my $base = "$dir/dialog-$$";
    open my $shown, '>', "$base.tmp" or die "mediachanged: $base.tmp: $!\n";
    print $shown "$msg\n";
    close $shown;
    rename "$base.tmp", "$base.shown" or die "mediachanged: $base.shown: $!\n";
    while (1) {
        if (open my $answer, '<', "$base.answer") {
            my $reply = <$answer> // '';
            close $answer;
            unlink "$base.shown", "$base.answer";
            $reply =~ s/\s+\z//;
            return $reply;
        }
        exit 0 if getppid != $parent;    # the daemon was stopped: no dialog outlives it
        select undef, undef, undef, 0.05;
    }
}
