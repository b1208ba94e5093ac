export default function Home() {
  return (
    <main className="mx-auto max-w-2xl p-8">
      <h1 className="text-4xl font-bold">Gradient Arena</h1>
      <p className="mt-4 text-lg text-slate-300">
        One neuron, one sample, and a learning rate from every student: who converges, who explodes?
      </p>
    </main>
  );
}
