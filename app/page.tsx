import { HomePage } from "./_components/home/home-page";

export default function Home() {
  return <HomePage />;
}
