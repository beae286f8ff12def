#!/usr/bin/env perl
# The original mediachanged of "Mastering Perl/Tk", chapter 19, for scripts/bench (section 8):
# rewritten after the book's design, not copied from it. Tk is loaded once by the daemon; an
# accept loop forks one child per connection, which reads one line, opens its own main window
# (and so its own X connection), shows the line in a Tk Dialog with the buttons Ok and Cancel,
# writes the button pressed and a line end back, and exits. Like the original, it does not
# notice a client that has gone: its dialog stays until answered, or until the daemon ends.
# The dialog's title starts with "mediachanged", which is what the bench's map watcher looks for.
#
# usage: perltk_daemon.pl [--bind 127.0.0.1] [--port PORT]   (0: any free one; prints
# "perltk listening on ADDRESS port N, ..." as the bench's daemon harness waits for)
use strict;
use warnings;
use IO::Socket;
use Tk;
use Tk::Dialog;

my %opt = @ARGV;
my $port = $opt{'--port'} // 8979;
my $bind = $opt{'--bind'} // '127.0.0.1';
$SIG{CHLD} = 'IGNORE';    # the children are not waited for
my $server = IO::Socket::INET->new(Proto => 'tcp', LocalAddr => $bind, LocalPort => $port,
    Listen => SOMAXCONN, Reuse => 1) or die "mediachanged: can't setup server: $!\n";
$| = 1;
print "perltk listening on $bind port ", $server->sockport, ", the original's design\n";

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
    my $host = gethostbyaddr($client->peeraddr, AF_INET) // $client->peerhost;
    my $mw = MainWindow->new;
    $mw->withdraw;
    my $dialog = $mw->Dialog(-title => "mediachanged: Message from $host", -text => $msg,
        -buttons => ['Ok', 'Cancel'], -default_button => 'Ok');
    my $reply = $dialog->Show;
    print $client "$reply\n";
    close $client;
    exit 0;
}
