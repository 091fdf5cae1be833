use kvdoctor::engine::*;
fn main() {
    let text = std::fs::read_to_string(std::env::args().nth(1).unwrap()).unwrap();
    let t = std::time::Instant::now();
    let big = read_paste(1, &text, None).unwrap();
    let small = read_paste(2, "nslookup kv1.vault.azure.net\nServer: x\nAddress: 168.63.129.16\n\nName: kv1.vault.azure.net\nAddress: 10.0.0.4\n", None).unwrap();
    println!("read {:?}", t.elapsed());
    for _ in 0..3 {
        let t = std::time::Instant::now();
        let f = facts::Facts::merged([&big.facts, &small.facts]);
        let m = t.elapsed();
        let t = std::time::Instant::now();
        let r = diagnose_reads(&[&big, &small], None);
        println!("merge {:?} diagnose_reads {:?} {}", m, t.elapsed(), r.steps.len() + f.records.len());
    }
}
