// The accept benchmark's baseline: the same framework and body parsing as Waypost, answering a constant
// idMessage without validating or storing anything.
import Fastify from 'fastify';

const app = Fastify({ logger: false, bodyLimit: 1024 * 1024 });
app.removeAllContentTypeParsers();
app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => {
  try {
    done(null, body.trim() === '' ? undefined : JSON.parse(body));
  } catch (error) {
    done(error, undefined);
  }
});
app.post('/waInstance:idInstance/:method/:token', async () => ({ idMessage: 'BAE5000000000000' }));
await app.listen({ host: '127.0.0.1', port: 0 });
process.stdout.write(`baseline is listening on http://127.0.0.1:${app.server.address().port}\n`);
